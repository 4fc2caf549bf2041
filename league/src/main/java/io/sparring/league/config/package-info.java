/**
 * League configuration: YAML read over the embedded default, {@code --set} overrides, validation
 * whose messages name the path of the bad key, the effective config saved with a run, and the keys
 * that differ between two configs (those a resume may change).
 */
package io.sparring.league.config;
