/**
 * Speed measurements printed by {@code sparring bench}: uniformly random playouts per second, the
 * way OpenSpiel's game speed is usually quoted, so the numbers compare with its C++.
 */
package io.sparring.cli.bench;
