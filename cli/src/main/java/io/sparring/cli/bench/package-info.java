/**
 * Speed measurements printed by {@code sparring bench}: uniformly random playouts per second, the
 * way OpenSpiel's game speed is usually quoted, so the numbers compare with its C++; and the gRPC
 * step API's latency and throughput beside the in-process session API.
 */
package io.sparring.cli.bench;
