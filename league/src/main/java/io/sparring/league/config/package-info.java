/**
 * League configuration: YAML read over the embedded default, {@code --set} overrides, validation
 * whose messages name the path of the bad key, and the effective config saved with a run.
 */
package io.sparring.league.config;
