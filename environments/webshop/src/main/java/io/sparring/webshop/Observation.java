package io.sparring.webshop;

import java.util.Locale;

/** How a page is shown: WebShop's three observation modes. */
enum Observation {
  /** Visible text joined with {@code  [SEP] }. */
  TEXT,
  /** One line per text with {@code [button] x [button_]} and {@code [clicked button] x [clicked button_]} marks. */
  TEXT_RICH,
  /** The page's HTML. */
  HTML;

  static Observation parse(String name) {
    for (Observation mode : values()) {
      if (mode.name().toLowerCase(Locale.ROOT).equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown observation '" + name + "'; observations: text, text_rich, html");
  }
}
