package io.sparring.core.spec;

/**
 * A spec string that cannot be read or does not name something that exists. The message says what
 * is wrong and, where there is a choice, lists the valid names or keys.
 */
public final class SpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }
}
