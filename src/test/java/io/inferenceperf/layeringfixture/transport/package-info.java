/**
 * The fixture's transport layer.
 *
 * <p>May import: nothing.
 */
package io.inferenceperf.layeringfixture.transport;
