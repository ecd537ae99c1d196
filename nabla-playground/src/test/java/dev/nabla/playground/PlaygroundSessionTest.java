package dev.nabla.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.model.Model;
import dev.nabla.io.model.ModelFile;
import dev.nabla.io.recipe.RecipeJson;
import dev.nabla.layers.Parameter;
import dev.nabla.recipe.Recipe;
import dev.nabla.tensor.DType;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void theModelFileHoldsThePagesNetworkBitForBit(@TempDir Path dir) throws IOException {
    Dataset csv =
        CsvData.read(
            "kinds.csv",
            "h,w,kind\n150,50,small\n160,55,small\n180,80,tall\n"
                + "190,85,tall\n170,60,small\n185,90,tall\n");
    PlaygroundSession session =
        new PlaygroundSession(Setup.parse("data=csv\ntest=0\nlayers=4:relu\nbatch=2"), csv);
    session.epoch();
    Path file = Files.write(dir.resolve("page.nabla"), ModelExport.modelFile(session.modelState()));
    Model model = ModelFile.read(file);
    assertEquals(List.of("h", "w"), model.featureNames());
    assertEquals(List.of("small", "tall"), model.labelNames());
    assertEquals("standard", model.scaler().kind());
    for (Map.Entry<String, Parameter> entry : session.network().parameters().entrySet()) {
      assertArrayEquals(
          entry.getValue().value().toDoubleArray(),
          model.network().parameter(entry.getKey()).value().toDoubleArray(),
          entry.getKey());
    }
    // Raw rows through the model's scaler give the page's outputs on its scaled rows.
    Tensor raw = Tensor.matrix(DType.FLOAT32, new double[][] {{150, 50}, {190, 85}});
    Tensor scaled =
        Tensor.matrix(
            DType.FLOAT32,
            new double[][] {session.data().trainInputs()[0], session.data().trainInputs()[3]});
    assertArrayEquals(
        session.network().predict(scaled).toDoubleArray(),
        model.network().predict(model.scaler().transform(raw)).toDoubleArray(),
        1e-6);
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
    String heavy =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new PlaygroundSession(
                        Setup.parse("points=5000\nlayers=200:relu,200:relu\nbatch=0"), null))
            .getMessage();
    assertTrue(heavy.startsWith("batch: a step of 4000 rows through 41"), heavy);
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
