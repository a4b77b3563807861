package io.inferenceperf.config;

import static io.inferenceperf.config.Loads.ok;
import static io.inferenceperf.config.Loads.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** load.distributed: its keys, their checks, and the --index / --start-at short forms. */
class DistributedConfigTest {

  @Test
  void absentMeansOneLoadGenerator() {
    assertEquals(DistributedConfig.NONE, ok(Loads.minimalPlus()).load().distributed());
  }

  @Test
  void replicasIndexAndAnIsoOrEpochSecondsStart() {
    DistributedConfig iso = ok(Loads.minimalPlus("--load.distributed.replicas", "4", "--load.distributed.index", "2",
        "--load.distributed.start_at", "2026-12-06T10:00:00Z")).load().distributed();
    assertEquals(new DistributedConfig(4, 2, Instant.parse("2026-12-06T10:00:00Z").toEpochMilli()), iso);
    DistributedConfig seconds = ok(Loads.minimalPlus("--load.distributed.replicas", "2",
        "--load.distributed.start_at", "1796540400.25")).load().distributed();
    assertEquals(1_796_540_400_250L, seconds.startAtEpochMillis());
    assertNull(seconds.index(), "taken from JOB_COMPLETION_INDEX at run time");
  }

  @Test
  void anIndexOutsideTheReplicasOrAStartThatIsNoInstantIsAProblemNamingTheFix() {
    onlyProblem(Loads.minimalPlus("--load.distributed.replicas", "4", "--load.distributed.index", "4"),
        "load.distributed.index", "indices run from 0 to 3");
    onlyProblem(Loads.minimalPlus("--load.distributed.replicas", "2", "--load.distributed.start_at", "soon"),
        "load.distributed.start_at", "ISO-8601 instant");
    onlyProblem(Loads.minimalPlus("--load.distributed.replicas", "0"), "load.distributed.replicas", "");
  }

  @Test
  void indexAndStartAtFlagsAreShortFormsOfTheKeys() {
    CliArgs args = CliArgs.parse(new String[] {"--index", "3", "--start-at=1796540400"});
    assertEquals(List.of("--load.distributed.index", "3", "--load.distributed.start_at", "1796540400"),
        args.overrides());
  }
}
