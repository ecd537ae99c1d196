package dev.nabla.cli;

import dev.nabla.explain.Explanation;
import dev.nabla.explain.HtmlRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A self-contained HTML page of an explanation: KaTeX's script, its stylesheet and its WOFF2 fonts
 * (as {@code data:} URLs) are inlined from the KaTeX WebJar bundled at build time, so opening the
 * page fetches nothing. Without JavaScript the formulas still read, in their Unicode spelling.
 */
final class HtmlPage {
  private static final Pattern FONT =
      Pattern.compile("url\\(fonts/([A-Za-z0-9_-]+)\\.woff2\\) format\\(\"woff2\"\\)");
  private static final Pattern OTHER_FONTS =
      Pattern.compile(
          ",url\\(fonts/[A-Za-z0-9_-]+\\.(woff|ttf)\\) format\\(\"(woff|truetype)\"\\)");

  private HtmlPage() {}

  /** The KaTeX version bundled, as the build recorded it. */
  static String katexVersion() {
    Properties properties = new Properties();
    try (InputStream in = HtmlPage.class.getResourceAsStream("/katex.properties")) {
      properties.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("katex.properties is missing from the build", e);
    }
    return properties.getProperty("version");
  }

  /** A file of the KaTeX distribution, e.g. {@code katex.min.js}. */
  static byte[] katexFile(String name) {
    String path = "/META-INF/resources/webjars/katex/" + katexVersion() + "/dist/" + name;
    try (InputStream in = HtmlPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            path + " is missing: the KaTeX WebJar is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** KaTeX's stylesheet with each font as a WOFF2 {@code data:} URL and the others dropped. */
  static String stylesheet() {
    String css = new String(katexFile("katex.min.css"), StandardCharsets.UTF_8);
    css = OTHER_FONTS.matcher(css).replaceAll("");
    Matcher matcher = FONT.matcher(css);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String data =
          Base64.getEncoder().encodeToString(katexFile("fonts/" + matcher.group(1) + ".woff2"));
      matcher.appendReplacement(
          out,
          Matcher.quoteReplacement("url(data:font/woff2;base64," + data + ") format(\"woff2\")"));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** The page: {@code title}, then the explanation, its formulas typeset by the inlined KaTeX. */
  static String render(String title, String preface, Explanation explanation) {
    String script = new String(katexFile("katex.min.js"), StandardCharsets.UTF_8);
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + HtmlRenderer.escape(title)
        + "</title>\n<style>\n"
        + stylesheet()
        + "\nbody{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        + "line-height:1.5}.math.display{margin:.6rem 0;overflow-x:auto}"
        + ".statistics{color:#555}\n</style>\n"
        + "<script>\n"
        + script.replace("</script", "<\\/script")
        + "\n</script>\n</head>\n<body>\n<p>"
        + HtmlRenderer.escape(preface)
        + "</p>\n"
        + HtmlRenderer.render(explanation)
        + "<script>\n"
        + "document.querySelectorAll('.math').forEach(function (e) {\n"
        + "  katex.render(e.getAttribute('data-latex'), e,\n"
        + "      {displayMode: e.classList.contains('display'), throwOnError: false});\n"
        + "});\n</script>\n</body>\n</html>\n";
  }
}
