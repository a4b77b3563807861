/**
 * A deliberately broken miniature of the project's layering, for {@code LayeringTest}: its transport imports its
 * api, which its transport's package-info forbids, and the test must catch exactly that.
 */
package io.inferenceperf.layeringfixture;
