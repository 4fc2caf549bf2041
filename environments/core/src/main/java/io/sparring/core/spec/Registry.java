package io.sparring.core.spec;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The providers of one kind (games, agents, ...), found through {@link ServiceLoader}, and the
 * checks that turn a spec into arguments a provider can trust.
 *
 * @param <P> the provider interface of this kind
 */
public final class Registry<P extends Provider> {
  private final String kind;
  private final Map<String, P> providers;

  private Registry(String kind, Map<String, P> providers) {
    this.kind = kind;
    this.providers = providers;
  }

  /** Loads every provider of a kind on the class path; {@code kind} names it in messages. */
  public static <P extends Provider> Registry<P> load(Class<P> type, String kind) {
    Map<String, P> byName = new TreeMap<>();
    for (P provider : ServiceLoader.load(type, type.getClassLoader())) {
      P previous = byName.putIfAbsent(provider.name(), provider);
      checkArgument(
          previous == null,
          "two %s providers are named '%s': %s and %s",
          kind,
          provider.name(),
          previous == null ? "" : previous.getClass().getName(),
          provider.getClass().getName());
    }
    return new Registry<>(kind, byName);
  }

  /** Every provider, sorted by name. */
  public Collection<P> providers() {
    return providers.values();
  }

  /** The provider a spec names, or an error listing the known names. */
  public P provider(String name) {
    P provider = providers.get(name);
    if (provider == null) {
      throw new SpecException(
          "unknown %s '%s'; known %ss: %s".formatted(kind, name, kind, String.join(", ", providers.keySet())));
    }
    return provider;
  }

  /** Checks a spec's arguments against its provider's parameters and fills in the defaults. */
  public Arguments arguments(Spec spec) {
    P provider = provider(spec.name());
    Map<String, Parameter> declared = new LinkedHashMap<>();
    provider.parameters().forEach(p -> declared.put(p.name(), p));
    String owner = kind + " " + spec.name();
    for (String key : spec.arguments().keySet()) {
      if (!declared.containsKey(key)) {
        throw new SpecException(
            "unknown parameter '%s' for %s; %s"
                .formatted(
                    key,
                    owner,
                    declared.isEmpty()
                        ? "it takes no parameters"
                        : "valid parameters: "
                            + declared.values().stream().map(Parameter::summary).collect(Collectors.joining(", "))));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter p : declared.values()) {
      SpecValue given = spec.arguments().get(p.name());
      if (given == null && p.isRequired()) {
        throw new SpecException("parameter '%s' of %s is required: %s"
            .formatted(p.name(), owner, p.description()));
      }
      values.put(p.name(), given == null ? p.defaultValue() : p.convert(owner, given));
    }
    return new Arguments(spec.name(), declared, values, spec.arguments().keySet());
  }
}
