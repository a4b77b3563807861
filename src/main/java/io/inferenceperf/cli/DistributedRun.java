package io.inferenceperf.cli;

import io.inferenceperf.config.Config;
import io.inferenceperf.config.DistributedConfig;
import io.inferenceperf.config.LoadConfig.LoadType;
import io.inferenceperf.config.LoadStage;
import io.inferenceperf.schedule.ReplicaSlice;
import java.nio.file.Path;
import java.util.Map;

/**
 * load.distributed as one load generator sees it: which share of the schedule is its own (the index from the
 * config, --index, or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX), and where its results go.
 */
final class DistributedRun {
  static final String INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

  private DistributedRun() {}

  /** This load generator's share, checked against the config; {@link ReplicaSlice#WHOLE} when not distributed. */
  static ReplicaSlice replica(Config config, Map<String, String> env) throws UserError {
    DistributedConfig distributed = config.load().distributed();
    if (!distributed.distributed()) return ReplicaSlice.WHOLE;
    int replicas = distributed.replicas();
    int index = index(distributed, env);
    if (config.load().sweep() != null) {
      throw UserError.config("load.sweep with load.distributed: a sweep picks its rates at run time from a probe,"
          + " and each load generator would probe alone; run the sweep with one load generator, then give its"
          + " stages as load.stages to the distributed run", 1);
    }
    if (config.load().type() == LoadType.CONCURRENT) {
      for (int i = 0; i < config.load().stages().size(); i++) {
        LoadStage stage = config.load().stages().get(i);
        if (stage.concurrencyLevel() != null && stage.concurrencyLevel() < replicas) {
          throw UserError.config("load.stages[" + i + "].concurrency_level (" + stage.concurrencyLevel()
              + ") is below load.distributed.replicas (" + replicas + "): every load generator needs at least one"
              + " request in flight; raise concurrency_level or lower replicas", 1);
        }
      }
    }
    return new ReplicaSlice(replicas, index);
  }

  /** Conversations cannot be split by request: a distributed run needs single-turn data. */
  static void checkData(ReplicaSlice replica, boolean multiTurn) throws UserError {
    if (!replica.whole() && multiTurn) {
      throw UserError.config("load.distributed: multi-turn data (conversations) cannot be split by request yet;"
          + " run one load generator (remove load.distributed) or use single-turn data", 1);
    }
  }

  private static int index(DistributedConfig distributed, Map<String, String> env) throws UserError {
    if (distributed.index() != null) return distributed.index();
    String fromJob = env.get(INDEX_VARIABLE);
    if (fromJob == null || fromJob.isBlank()) {
      throw UserError.config("load.distributed.replicas is " + distributed.replicas() + " but this load generator's"
          + " index is not set: give --index N (0 to " + (distributed.replicas() - 1) + "), load.distributed.index,"
          + " or run it as a Kubernetes Indexed Job (which sets " + INDEX_VARIABLE + ")", 1);
    }
    try {
      int index = Integer.parseInt(fromJob.trim());
      if (index >= 0 && index < distributed.replicas()) return index;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw UserError.config(INDEX_VARIABLE + "='" + fromJob + "' is not an index from 0 to "
        + (distributed.replicas() - 1) + " (load.distributed.replicas is " + distributed.replicas() + ")", 1);
  }

  /** A replica's reports and results go to a folder of its own under the configured one: replica-INDEX. */
  static Path folder(Path configured, ReplicaSlice replica) {
    return replica.whole() ? configured : configured.resolve(folderName(replica));
  }

  /** The name of a replica's own folder, on disk and in a bucket: replica-INDEX. */
  static String folderName(ReplicaSlice replica) {
    return "replica-" + replica.index();
  }
}
