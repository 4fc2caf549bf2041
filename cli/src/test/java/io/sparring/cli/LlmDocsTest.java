package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparring.agents.llm.FakeChatServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command of docs/llm.md: its {@code sh} blocks' {@code ./sparring} commands go through
 * the command line in this JVM against a {@link FakeChatServer} standing in for vLLM and Ollama;
 * the Python verifier example is started for real. Commands that start model servers are the only
 * ones not run, and any other command fails the test, so the page cannot drift from what works.
 */
class LlmDocsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOC = ROOT.resolve("docs/llm.md");
  private static final Set<String> MODEL_SERVER_COMMANDS = Set.of("vllm", "ollama", "export");
  private static final List<String> DOC_URLS = List.of("http://localhost:8000/v1", "http://localhost:11434/v1");
  private static final String DOC_AGENT_TARGET = "127.0.0.1:50061";
  private static final String KEY_VARIABLE = "SPARRING_LLM_KEY";
  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyCommandInLlmMdRuns(@TempDir Path dir) throws Exception {
    String key = System.getenv(KEY_VARIABLE);
    assertTrue(key != null && !key.isBlank(), KEY_VARIABLE + " is set by surefire (league/pom.xml)");
    List<String> commands = commands(Files.readString(DOC));
    List<Process> started = new ArrayList<>();
    int ran = 0;
    int skipped = 0; // the remote verifier needs Python gRPC, which only CI must have
    try (FakeChatServer server = FakeChatServer.start()) {
      String agentTarget = null;
      for (String command : commands) {
        List<String> words = words(command);
        String program = words.getFirst();
        if (MODEL_SERVER_COMMANDS.contains(program)) {
          continue;
        }
        if (program.equals("/usr/bin/python3")) {
          agentTarget = startPythonAgent(words, started);
          continue;
        }
        assertEquals("./sparring", program, "docs/llm.md has a command this test cannot run: " + command);
        List<String> args = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
          String arg = words.get(i);
          for (String url : DOC_URLS) {
            arg = arg.replace(url, server.url());
          }
          if (arg.contains(DOC_AGENT_TARGET)) {
            if (agentTarget == null) {
              System.out.println("skipped (no Python gRPC): " + command);
              skipped++;
              args = null;
              break;
            }
            arg = arg.replace(DOC_AGENT_TARGET, agentTarget);
          }
          args.add(i > 1 && words.get(i - 1).equals("--out") ? dir.resolve(arg).toString() : arg);
        }
        if (args == null) {
          continue;
        }
        CliRun run = CliRun.of("", args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), "failed: " + command + "\n" + run.out() + run.err());
        assertFalse(run.out().contains(key) || run.err().contains(key), "the key leaked: " + command);
        System.out.println("$ " + command + "\n" + run.out());
        ran++;
      }
      assertTrue(ran + skipped >= 6, "only " + ran + " commands ran, " + skipped + " skipped");
      assertTrue(server.requests().stream().anyMatch(r -> ("Bearer " + key).equals(r.authorization())),
          "the key from api_key_env reached the server");
      assertTrue(server.requests().stream().anyMatch(r -> r.authorization() == null),
          "the Ollama commands send no key");
    } finally {
      for (Process process : started) {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        assertFalse(Files.readString(file).contains(key), "the key leaked into " + file);
        assertTrue(Files.size(file) > 0, file + " is empty");
      }
    }
    List<String> malt = Files.readAllLines(dir.resolve("malt-tic-tac-toe.jsonl"));
    assertEquals(2 * (3 + 9 + 27), malt.stream().filter(l -> l.startsWith("{\"kind\":\"node\"")).count());
  }

  /** Starts the example on a free port (not the page's fixed one); null without Python's grpc off CI. */
  private static String startPythonAgent(List<String> words, List<Process> started) throws Exception {
    List<String> command = new ArrayList<>(words.subList(0, words.size() - (words.getLast().equals("&") ? 1 : 0)));
    command.set(1, ROOT.resolve(command.get(1)).toString());
    command.set(command.indexOf("--port") + 1, "0");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    started.add(process);
    String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
    Matcher serving = Pattern.compile("serving AgentService on (\\S+)").matcher(line == null ? "" : line);
    if (serving.find()) {
      return serving.group(1);
    }
    String message = "the Python verifier did not start (apt-get install python3-grpcio python3-protobuf): " + line;
    if ("true".equals(System.getenv("CI"))) {
      fail(message);
    }
    System.out.println(message);
    return null;
  }

  /** The commands of the {@code sh} blocks, continuation lines joined. */
  static List<String> commands(String markdown) {
    List<String> commands = new ArrayList<>();
    Matcher blocks = SH_BLOCK.matcher(markdown);
    while (blocks.find()) {
      StringBuilder command = new StringBuilder();
      for (String line : blocks.group(1).split("\n")) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        if (text.endsWith("\\")) {
          command.append(text, 0, text.length() - 1).append(' ');
          continue;
        }
        commands.add(command.append(text).toString());
        command.setLength(0);
      }
    }
    return commands;
  }

  /** Splits a command as a POSIX shell would, for the quoting this page uses. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in: " + command);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
