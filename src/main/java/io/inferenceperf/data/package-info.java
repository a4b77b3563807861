/**
 * Data generators: where prompts come from (mock, random, synthetic, shared_prefix, datasets, trace lengths),
 * reproducible under load.base_seed. Entry point: {@link io.inferenceperf.data.DataGenerators#create}.
 */
package io.inferenceperf.data;
