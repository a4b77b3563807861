package io.inferenceperf.data.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graphs built from inference-perf's example traces equal the graphs its own converter builds
 * (otel_trace_to_replay_graph.py at 7de5ef2, run on the same files): per call its reduced predecessors, wait in ms,
 * one code per input message (U unique, S shared text, O&lt;n&gt; the live output of call n) and max tokens.
 */
class OtelGraphOracleTest {
  static final Path TRACES = Path.of("src/test/resources/inference-perf-examples/otel/test_traces");

  /** "file | spanId&lt;preds+waitMs:codes/maxTokens ..." as inference-perf's converter gives it. */
  private static final List<String> ORACLE = List.of(
      "advanced/code_review_workflow.json | "
          + "span_001_initial<+0:U/67 "
          + "span_002_security<0+500:UU/130 "
          + "span_003_performance<0+1000:UU/126 "
          + "span_004_quality<0+1500:UU/115 "
          + "span_005_synthesis<1,2,3+1000:UUO1UO2UO3U/166 "
          + "span_006_user_request_fix<4+1000:UO4U/65 "
          + "span_007_security_fix<5+500:UU/412 "
          + "span_008_performance_fix<5+1000:UU/425 "
          + "span_009_quality_fix<5+1500:UU/535 "
          + "span_010_refactor_synthesis<6,7,8+1000:UUO6UO7UO8U/276 "
          + "span_011_user_question<9+1000:UO9U/58 "
          + "span_012_test_unit<10+500:UU/541 "
          + "span_013_test_integration<10+1000:UU/629 "
          + "span_014_test_security<10+1500:UU/678 "
          + "span_015_test_synthesis<11,12,13+1000:UUO11UO12UO13U/308 ",
      "advanced/customer_support_escalation.json | "
          + "span_001_initial_complaint<+0:U/43 "
          + "span_002_technical_analysis<0+1000:UU/49 "
          + "span_003_network_analysis<0+1500:UU/45 "
          + "span_004_coordinator_synthesis<2+500:UO0U/53 "
          + "span_005_customer_escalation<3+5000:SO0SO3U/53 "
          + "span_006_senior_analysis<4+1000:UU/76 "
          + "span_007_manager_resolution<5+1000:UU/68 "
          + "span_008_final_coordination<6+1000:UO0UO3UO4U/74 "
          + "span_009_customer_satisfaction<7+1000:SO0SO3SO4SO7U/64 ",
      "advanced/fan_in_dependencies.json | "
          + "span_001<+0:U/42 "
          + "span_002<0+500:U/49 "
          + "span_003<0+1000:U/48 "
          + "span_004<1,2+1000:SO0UO1UO2U/100 ",
      "advanced/multi_agent_research.json | "
          + "span_001_coordinator<+0:U/71 "
          + "span_002_market_agent<0+500:UU/94 "
          + "span_003_env_agent<0+1000:UU/107 "
          + "span_004_tech_agent<0+1500:UU/101 "
          + "span_005_synthesis<1,2,3+1000:UUO1UO2UO3U/169 "
          + "span_006_user_response<4+1000:UO4U/69 "
          + "span_007_infra_market<5+500:UU/101 "
          + "span_008_infra_tech<5+1000:UU/120 "
          + "span_009_infra_policy<5+1500:UU/122 "
          + "span_010_infra_synthesis<6,7,8+500:UUO6UO7UO8U/177 "
          + "span_011_user_followup<9+1000:UO9U/68 "
          + "span_012_cost_analysis<10+500:UU/150 ",
      "advanced/parallel_requests.json | "
          + "span_001<+0:U/22 "
          + "span_002<0+500:SO0U/35 "
          + "span_003<0+1000:SO0U/48 "
          + "span_004<1,2+500:SO0SO1UO2U/43 "
          + "span_005<3+500:SO0SO1SO2SO3U/52 ",
      "advanced/prefix_sharing_example.json | "
          + "span_independent_1<+0:U/20 "
          + "span_independent_2<0+1000:U/15 "
          + "span_conv_turn1<1+1000:UU/50 "
          + "span_conv_turn2<2+1000:SSO2U/60 "
          + "span_conv_turn3<3+500:SSO2SO3U/70 "
          + "span_conv_turn4<4+200:SSO2SO3SO4U/55 "
          + "span_independent_3<5+500:U/10 ",
      "advanced/software_architecture_review.json | "
          + "span_001_initial_request<+0:U/75 "
          + "span_002_scalability_analysis<0+1000:UU/94 "
          + "span_003_security_analysis<0+1500:UU/98 "
          + "span_004_data_architecture<0+2000:UU/110 "
          + "span_005_cost_analysis<0+2500:UU/98 "
          + "span_006_initial_synthesis<1,2,3,4+500:UO0UO1UO2UO3UO4U/144 "
          + "span_007_scalability_refinement<5+1000:UU/133 "
          + "span_008_data_refinement<5+1500:UU/142 "
          + "span_009_cost_refinement<5+2000:UU/115 "
          + "span_010_refined_synthesis<8+1000:SO0UO5U/139 "
          + "span_011_user_question<9+1000:UUUUUUU/46 "
          + "span_012_ha_analysis<10+1000:UU/122 "
          + "span_013_dr_analysis<10+1500:UU/120 "
          + "span_014_ha_dr_synthesis<12+500:SO0SO5SO9UO10U/148 "
          + "span_015_final_summary<13+1000:SO0SO5SO9SO10SO13U/166 ",
      "simple/simple_chain.json | "
          + "capital_question<+0:U/37 "
          + "landmarks_question<0+500:SO0U/57 "
          + "eiffel_tower_height<1+1000:SO0SO1U/36 ",
      "simple/simple_chain_alt.json | "
          + "capital_question<+0:U/37 "
          + "landmarks_question<0+500:SO0U/57 "
          + "eiffel_tower_height<1+1000:SO0SO1U/36 ");

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
  void eachExampleTraceGivesInferencePerfsGraph(int which) {
    String[] expected = ORACLE.get(which).split(" \\| ");
    ReplaySession session = OtelReplayTesting.corpus(OtelReplayTesting.files(TRACES.resolve(expected[0]).toString()))
        .session(0);
    assertEquals(expected[1].strip(), summary(session), expected[0]);
  }

  /** The session in the oracle's notation. */
  static String summary(ReplaySession session) {
    List<String> events = new ArrayList<>();
    for (ReplayEvent e : session.events()) {
      StringBuilder codes = new StringBuilder();
      for (ReplayMessage m : e.messages()) {
        ReplayMessage.Segment s = m.content().get(0);
        codes.append(s instanceof ReplayMessage.OutputOf o ? "O" + o.event()
            : ((ReplayMessage.Text) s).shared() ? "S" : "U");
      }
      events.add(e.eventId() + "<" + String.join(",", e.predecessors().stream().map(String::valueOf).toList()) + "+"
          + e.waitNanos() / 1_000_000 + ":" + codes + "/" + e.maxTokens());
    }
    return String.join(" ", events);
  }
}
