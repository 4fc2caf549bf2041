/** What a run leaves for people: standings and payoff tables as text, and PNG plots. */
package io.sparring.league.report;
