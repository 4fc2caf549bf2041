package io.sparring.webshop;

import java.util.ArrayList;
import java.util.List;

/**
 * A page as the sequence of its visible texts, each marked with what it is, drawn in one of the
 * observation modes the way WebShop's {@code convert_html_to_text} draws its HTML.
 */
final class PageText {
  /** What a piece of text is on the page. */
  enum Kind { TEXT, INSTRUCTION, BUTTON, OPTION, PRODUCT_LINK, SEARCH_BOX }

  /** One visible text; {@code clicked} marks a chosen option or a visited product. */
  record Node(Kind kind, String text, boolean clicked, String group) {}

  private final List<Node> nodes = new ArrayList<>();

  PageText text(String text) {
    if (!text.isBlank()) { // empty texts are not nodes
      nodes.add(new Node(Kind.TEXT, text, false, ""));
    }
    return this;
  }

  /** The instruction, on every page: "Instruction:" and its text. */
  PageText instruction(String instruction) {
    nodes.add(new Node(Kind.INSTRUCTION, instruction, false, ""));
    return this;
  }

  PageText button(String label) {
    nodes.add(new Node(Kind.BUTTON, label, false, ""));
    return this;
  }

  PageText option(String group, String value, boolean chosen) {
    nodes.add(new Node(Kind.OPTION, value, chosen, group));
    return this;
  }

  PageText productLink(String asin, boolean visited) {
    nodes.add(new Node(Kind.PRODUCT_LINK, asin, visited, ""));
    return this;
  }

  PageText searchBox() {
    nodes.add(new Node(Kind.SEARCH_BOX, "", false, ""));
    return this;
  }

  String draw(Observation mode) {
    return switch (mode) {
      case TEXT -> simple();
      case TEXT_RICH -> rich();
      case HTML -> html();
    };
  }

  private String simple() {
    List<String> texts = new ArrayList<>();
    for (Node node : nodes) {
      if (node.kind() == Kind.INSTRUCTION) {
        texts.add("Instruction:");
      }
      if (node.kind() != Kind.SEARCH_BOX) {
        texts.add(node.text().strip());
      }
    }
    return String.join(" [SEP] ", texts);
  }

  private String rich() {
    StringBuilder out = new StringBuilder();
    StringBuilder clicked = new StringBuilder();
    for (Node node : nodes) {
      String line = switch (node.kind()) {
        case BUTTON -> "[button] " + node.text() + " [button_]";
        case OPTION -> {
          if (node.clicked()) {
            clicked.append("You have clicked ").append(node.text()).append(".\n");
          }
          yield node.clicked() ? "  [clicked button] " + node.text() + " [clicked button_]"
              : "  [button] " + node.text() + " [button_]";
        }
        case PRODUCT_LINK -> node.clicked() ? "\n[clicked button] " + node.text() + " [clicked button_]"
            : "\n[button] " + node.text() + " [button_]";
        case TEXT -> node.text();
        case INSTRUCTION -> "Instruction:\n" + node.text();
        case SEARCH_BOX -> null;
      };
      if (line != null) {
        out.append(line).append('\n');
      }
    }
    return clicked.append(out).toString();
  }

  private String html() {
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html>\n<body>\n");
    for (Node node : nodes) {
      String text = escape(node.text());
      switch (node.kind()) {
        case TEXT -> out.append("<p>").append(text).append("</p>\n");
        case INSTRUCTION -> out.append("<div id=\"instruction-text\"><h4>Instruction:<br>").append(text)
            .append("</h4></div>\n");
        case BUTTON -> out.append("<button type=\"submit\" class=\"btn\">").append(text).append("</button>\n");
        case OPTION -> out.append("<input type=\"radio\" name=\"").append(escape(node.group()))
            .append("\" value=\"").append(text).append('"').append(node.clicked() ? " checked" : "")
            .append("><label>").append(text).append("</label>\n");
        case PRODUCT_LINK -> out.append("<a class=\"product-link\">").append(text).append("</a>\n");
        case SEARCH_BOX -> out.append("<input id=\"search_input\" type=\"text\" name=\"search_query\""
            + " placeholder=\"Search...\">\n");
      }
    }
    return out.append("</body>\n</html>").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
