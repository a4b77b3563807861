/**
 * Data generators: where prompts come from (mock, random, synthetic, shared_prefix, datasets, visionarena's prompts
 * with images, trace lengths), reproducible under load.base_seed. Entry point:
 * {@link io.inferenceperf.data.DataGenerators#create}. Multi-turn data ({@link io.inferenceperf.data.MultiTurnData})
 * also gives user sessions, whose conversations {@link io.inferenceperf.data.UserSessions} carries on from turn to
 * turn.
 *
 * <p>May import: config, media, record, tokenizer.
 */
package io.inferenceperf.data;
