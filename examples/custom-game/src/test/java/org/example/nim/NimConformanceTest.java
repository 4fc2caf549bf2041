package org.example.nim;

import io.sparring.core.game.conformance.GameConformanceTest;

/** Inherits Sparring's conformance kit: every registered game, Nim included, is checked. */
class NimConformanceTest extends GameConformanceTest {}
