/** The {@code solver} backend: exact play from minimax or a CFR+ average policy. */
package io.sparring.agents.solver;
