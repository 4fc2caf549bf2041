/**
 * MALT data from games: {@code Expansion} grows a generator → verifier → refiner tree from sampled
 * states and plays every refinement out; {@code Nodes} holds the tree with its value propagation;
 * {@code MaltRecords} writes labelled nodes and sibling preference pairs as JSON lines ({@code
 * sparring expand}, docs/llm.md).
 */
package io.sparring.agents.malt;
