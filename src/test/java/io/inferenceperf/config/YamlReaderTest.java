package io.inferenceperf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferenceperf.config.Node.MapNode;
import io.inferenceperf.config.Node.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

  private final List<ConfigProblem> problems = new ArrayList<>();

  private MapNode read(String yaml) {
    return YamlReader.readFile(yaml, "c.yml", problems);
  }

  @Test
  void nodesKnowTheirLineAndColumnAndKind() {
    MapNode root = read("a:\n  b: 10\n  c: 'x'\n  d: yes\n  e: ~\n  f: 1.5\n");
    MapNode a = (MapNode) root.get("a");
    ScalarNode b = (ScalarNode) a.get("b");
    assertEquals(new Node.Origin("c.yml", 2, 6), b.origin());
    assertEquals(new Node.Origin("c.yml", 2, 3), a.keyOrigin("b"));
    assertEquals(ScalarNode.Kind.INT, b.kind());
    assertEquals(ScalarNode.Kind.STRING, ((ScalarNode) a.get("c")).kind());
    assertEquals(ScalarNode.Kind.BOOL, ((ScalarNode) a.get("d")).kind());
    assertEquals(ScalarNode.Kind.NULL, ((ScalarNode) a.get("e")).kind());
    assertEquals(ScalarNode.Kind.FLOAT, ((ScalarNode) a.get("f")).kind());
    assertTrue(problems.isEmpty());
  }

  @Test
  void multipleDocumentsAreAnError() {
    assertNull(read("a: 1\n---\nb: 2\n"));
    assertEquals(1, problems.size());
    assertEquals(2, problems.get(0).line()); // the second document marker
  }

  @Test
  void aliasBombIsStoppedWithAProblemNotAnException() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      yaml.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        yaml.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      yaml.append("]\n");
      prev = c;
    }
    assertNull(read(yaml.toString()));
    assertEquals(1, problems.size(), problems.toString());
  }

  @Test
  void recursiveAliasIsStopped() {
    read("a: &x\n  b: *x\n");
    assertTrue(problems.stream().anyMatch(p -> p.message().contains("nested too deeply")
        || p.message().toLowerCase().contains("recursive")), problems.toString());
  }

  @Test
  void nonScalarKeysAreRejected() {
    read("? [a, b]\n: c\n");
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).message().contains("keys must be plain names"));
  }

  @Test
  void cliValueSyntaxErrorNamesTheFlag() {
    assertNull(YamlReader.readCliValue("[{\"rate\": 1", "--load.stages", "load.stages", problems));
    assertEquals(1, problems.size());
    assertEquals("--load.stages", problems.get(0).source());
    assertTrue(problems.get(0).message().startsWith("cannot parse the value as JSON/YAML"));
  }

  @Test
  void compactJsonIsReadFromTheCommandLine() {
    Node n = YamlReader.readCliValue("[{\"rate\":10,\"duration\":60}]", "--load.stages", "load.stages", problems);
    assertTrue(problems.isEmpty(), problems.toString());
    MapNode stage = (MapNode) ((Node.ListNode) n).items().get(0);
    assertEquals("10", ((ScalarNode) stage.get("rate")).text());
    assertEquals(ScalarNode.Kind.INT, ((ScalarNode) stage.get("duration")).kind());
  }
}
