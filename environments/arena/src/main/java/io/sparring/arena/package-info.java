/**
 * The arena: a real-time team game on LibGDX's Box2D, stepped directly (no application loop, no
 * OpenGL) and deterministically, with mini-games as a parameter, gdx-ai steering for macro actions,
 * scripted bots and a drawing for replays. See docs/arena.md.
 */
package io.sparring.arena;
