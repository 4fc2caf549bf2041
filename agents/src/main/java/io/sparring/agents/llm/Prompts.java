package io.sparring.agents.llm;

import io.sparring.agents.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt templates of one game: {@code system.txt} and one file per role
 * ({@code generator.txt}, {@code verifier.txt}, {@code refiner.txt}, {@code strategist.txt}). Each
 * is looked up as {@code GAME/NAME.txt}, then {@code NAME.txt}, first in the directory given by the
 * spec's {@code prompts} (if any), then among the shipped resources. {@code {{name}}} is replaced by
 * a variable; {@code {{#name}}...{{/name}}} is kept only when the variable is not blank.
 */
final class Prompts {
  static final Set<String> VARIABLES = Set.of("game", "seat", "rules", "observation", "legal_actions",
      "strategy", "proposal", "proposal_text", "critique", "feedback", "round");
  private static final String RESOURCES = "prompts/";
  private static final Pattern SECTION = Pattern.compile("\\{\\{#(\\w+)}}(.*?)\\{\\{/\\1}}", Pattern.DOTALL);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([#/]?)(\\w*)}}");

  private final String system;
  private final Map<Role, String> roles = new EnumMap<>(Role.class);

  /** Loads and checks every template now, so a typo fails when the agent is created. */
  Prompts(String game, Optional<Path> directory) {
    this.system = load(game, "system", directory);
    for (Role role : Role.values()) {
      roles.put(role, load(game, role.name().toLowerCase(Locale.ROOT), directory));
    }
  }

  String system(Map<String, String> variables) {
    return render(system, variables);
  }

  String user(Role role, Map<String, String> variables) {
    return render(roles.get(role), variables);
  }

  static String render(String template, Map<String, String> variables) {
    Matcher sections = SECTION.matcher(template);
    StringBuilder kept = new StringBuilder();
    while (sections.find()) {
      String value = variables.getOrDefault(sections.group(1), "");
      sections.appendReplacement(kept, Matcher.quoteReplacement(value.isBlank() ? "" : sections.group(2)));
    }
    sections.appendTail(kept);
    Matcher names = PLACEHOLDER.matcher(kept);
    StringBuilder out = new StringBuilder();
    while (names.find()) {
      names.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(names.group(2), "")));
    }
    names.appendTail(out);
    return out.toString().strip();
  }

  private static String load(String game, String name, Optional<Path> directory) {
    for (String relative : new String[] {game + "/" + name + ".txt", name + ".txt"}) {
      if (directory.isPresent()) {
        Path file = directory.get().resolve(relative);
        if (Files.isRegularFile(file)) {
          return check(read(file), file.toString());
        }
      }
      try (InputStream in = Prompts.class.getResourceAsStream(RESOURCES + relative)) {
        if (in != null) {
          return check(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the shipped " + relative);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no prompt template " + name + ".txt"); // the jar ships every one
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read prompt template " + file + ": " + e.getMessage(), e);
    }
  }

  /** Rejects unknown variables, so a misspelt {{observaton}} does not silently vanish. */
  private static String check(String template, String where) {
    Matcher names = PLACEHOLDER.matcher(template);
    while (names.find()) {
      if (!VARIABLES.contains(names.group(2))) {
        throw new IllegalArgumentException("prompt template %s uses {{%s%s}}; known variables: %s"
            .formatted(where, names.group(1), names.group(2), VARIABLES.stream().sorted().toList()));
      }
    }
    return template;
  }
}
