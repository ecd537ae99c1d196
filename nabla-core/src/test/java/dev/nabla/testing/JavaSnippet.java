package dev.nabla.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a class {@code Example} against the test's class path and runs its {@code main}: how the
 * README's Java blocks are proved to compile and do what they say.
 */
public final class JavaSnippet {
  private JavaSnippet() {}

  /**
   * @param source a whole compilation unit declaring {@code public class Example} with a {@code
   *     main}
   * @return what {@code main} printed
   */
  public static String compileAndRun(Path directory, String source) throws Exception {
    Path java = directory.resolve("Example.java");
    Files.writeString(java, source);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            directory.toString(),
            java.toString());
    assertEquals(0, status, "the example does not compile:\n" + source);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {directory.toUri().toURL()}, JavaSnippet.class.getClassLoader())) {
      Method main = loader.loadClass("Example").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
