package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.recipe.Recipe;
import org.junit.jupiter.api.Test;

/** The engine on the JVM: the same code the page runs as WebAssembly. */
class PlaygroundSessionTest {
  @Test
  void seed000sTraceIsTheNotebooksStep() {
    PlaygroundSession session = new PlaygroundSession(Setup.parse("data=seed000"), null);
    String trace = session.trace(session.data().traceRow());
    // x = 2, y = 7: ŷ = 1.98, ∂L/∂b₁[0] = −8.534 (seed-vectors.json, float64).
    assertTrue(trace.contains("\"input\":[2.0]"), trace);
    assertTrue(trace.contains("\"output\":[1.9799999999999998]"), trace);
    assertTrue(trace.contains("\"biasGradients\":[-8.534,0.0]"), trace);
    assertTrue(trace.contains("\"loss\":12.600200000000003"), trace);
  }

  @Test
  void xorGeneratorTrainsToEveryPointRight() {
    PlaygroundSession session =
        new PlaygroundSession(
            Setup.parse("data=xor\npoints=200\nnoise=0\nlayers=8:tanh\nlr=0.05\nbatch=16"), null);
    for (int epoch = 0; epoch < 200; epoch++) {
      session.epoch();
    }
    String status = session.status(0);
    assertTrue(status.contains("\"trainAccuracy\":1.0"), status);
  }

  @Test
  void theExportedRecipeReadsBackAsTheSessionsRecipe() {
    PlaygroundSession session =
        new PlaygroundSession(
            Setup.parse("data=moons\nlayers=4:leaky_relu(-0.3),3:tanh\noptimizer=sgd\nbatch=0"),
            null);
    session.epoch();
    Recipe read = RecipeJson.parse(RecipeText.write(session), "the page's recipe");
    assertEquals(
        session.recipe().toBuilder()
            .training(session.recipe().training().toBuilder().epochs(1).build())
            .build(),
        read);
  }

  @Test
  void badSetupsNameWhatIsWrong() {
    assertEquals(
        "lr: 'abc' is not a number",
        assertThrows(IllegalArgumentException.class, () -> Setup.parse("lr=abc")).getMessage());
    String big =
        assertThrows(
                IllegalArgumentException.class,
                () -> new PlaygroundSession(Setup.parse("layers=200:relu,200:relu,200:relu"), null))
            .getMessage();
    assertTrue(big.startsWith("layers: the network has 4 dense layers and 81"), big);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new PlaygroundSession(Setup.parse("data=seed000\nlayers=3:relu"), null))
            .getMessage()
            .startsWith("init: the notebook's weights fit seed 000's 1-2-2-1 network only"));
  }

  @Test
  void csvFaultsNameTheLineAndColumn() {
    assertEquals(
        "data.csv: line 3, column 2 (b): 'abc' is not a number",
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvData.read("data.csv", "a,b,label\n1,2,0\n3,abc,1\n"))
            .getMessage());
    assertEquals(
        "empty.csv: the file is empty: no header and no rows",
        assertThrows(IllegalArgumentException.class, () -> CsvData.read("empty.csv", "\n"))
            .getMessage());
    assertEquals(
        "one.csv: every row has the class 'yes': a classifier needs at least two classes in the"
            + " last column",
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvData.read("one.csv", "a,b,label\n1,2,yes\n3,4,yes\n"))
            .getMessage());
    Dataset read = CsvData.read("ok.csv", "a,b,label\n1,2,yes\n3,4,no\n5,6,yes\n");
    assertEquals(2, read.classes());
    assertEquals(3, read.trainInputs().length);
  }
}
