/**
 * The fixture's API layer.
 *
 * <p>May import: transport.
 */
package io.inferenceperf.layeringfixture.api;
