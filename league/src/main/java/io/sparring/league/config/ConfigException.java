package io.sparring.league.config;

/** A league configuration that cannot be used; the message names the key's path. */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
