/**
 * Data generators: where prompts come from (mock, random, synthetic, shared_prefix, datasets, visionarena's prompts
 * with images, trace lengths, conversation_replay), reproducible under load.base_seed. Entry point:
 * {@link io.inferenceperf.data.DataGenerators#create}. Multi-turn data ({@link io.inferenceperf.data.MultiTurnData})
 * also gives {@link io.inferenceperf.data.Conversations}, carried on from turn to turn: shared_prefix's user sessions
 * ({@link io.inferenceperf.data.UserSessions}) or conversation_replay's conversations (ReplayConversations).
 *
 * <p>May import: common, config, media, record, tokenizer.
 */
package io.inferenceperf.data;
