package io.inferenceperf.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordFilterTest {

  /** A record shaped like an inference-perf HF trace row (and a local file after normalisation). */
  private static final Map<String, Object> ROW = Map.of(
      "benchmark", "gsm8k",
      "harness", "unknown",
      "max_tokens", 27000,
      "total_tokens", 120000L,
      "execution_time", 12.5,
      "steps", 7,
      "spans", List.of(Map.of("span_id", "a"), Map.of("span_id", "b"), Map.of("span_id", "c")));

  private static boolean keeps(String filter) {
    return RecordFilter.parse(filter).test(ROW);
  }

  @Test
  void theFiltersOfInferencePerfsDocsAndExamplesWork() {
    assertTrue(keeps("lambda x: x['benchmark'] == 'gsm8k'"));
    assertTrue(keeps("lambda x: x['benchmark'] == 'gsm8k' and len(x['spans']) >= 3"));
    assertFalse(keeps("lambda x: x['benchmark'] == 'gsm8k' and len(x['spans']) >= 4"));
    assertTrue(keeps("lambda x: 'spans' in x and len(x['spans']) > 2"));
    assertTrue(keeps("lambda x: x.get('max_tokens', 0) < 40960 and len(x.get('spans', [])) < 20"));
    assertTrue(keeps("lambda x: x.get('max_tokens', 0) < 28000"));
    assertTrue(keeps("lambda x: x.get('steps', 0) < 50"));
    assertTrue(keeps("lambda x: x.get('total_tokens', 0) < 500000"));
    assertTrue(keeps("lambda x: x.get('execution_time', 0) < 600"));
    assertFalse(keeps("lambda x: x['benchmark'] == 'tau2_retail'"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "lambda r: r.get('missing') is None | true",
      "lambda r: r.get('missing') or 5 | true",
      "lambda r: not r.get('missing') | true",
      "lambda r: 1 == 1.0 and True == 1 | true",
      "lambda r: 20 < r['max_tokens'] // 1000 < 30 | true",
      "lambda r: r['max_tokens'] % 1000 == 0 | true",
      "lambda r: -r['steps'] + 7 == 0 | true",
      "lambda r: r['execution_time'] * 2 == 25 | true",
      "lambda r: 7 / 2 == 3.5 and 7 // 2 == 3 and -7 // 2 == -4 and -7 % 3 == 2 | true",
      "lambda r: r['benchmark'] in ['gsm8k', 'math'] | true",
      "lambda r: r['benchmark'] in ('a', 'b') | false",
      "lambda r: r['benchmark'] not in ('a', 'b') | true",
      "lambda r: 'gsm' in r['benchmark'] | true",
      "lambda r: r['benchmark'].startswith('gsm') and r['benchmark'].upper() == 'GSM8K' | true",
      "lambda r: r['spans'][-1]['span_id'] == 'c' | true",
      "lambda r: r['spans'][0].get('span_id') != 'a' | false",
      "lambda r: max(1, r['steps'], 3) == 7 and min(2, 9) == 2 and abs(-3) == 3 | true",
      "lambda r: int('12') + float('0.5') == 12.5 and str(7) == '7' and bool([]) == False | true",
      "lambda r: r['benchmark'] < 'h' | true",
      "lambda r: (r['steps'] > 5) and (r['steps'] < 6 or r['harness'] == \"unknown\") | true"})
  void pythonSemantics(String filter, boolean expected) {
    assertEquals(expected, keeps(filter), filter);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "x['benchmark'] == 'gsm8k' | 1 | a filter is a lambda",
      "lambda x: x['benchmark'] = 'gsm8k' | 26 | unexpected character '='",
      "lambda x: x['benchmark' == 'gsm8k' | 35 | expected ']'",
      "lambda x: x['benchmark'] == 'gsm8k | 29 | string not closed",
      "lambda x: y['a'] | 11 | unknown name 'y'",
      "lambda x: __import__('os') | 11 | unknown name '__import__'",
      "lambda x: x.keys() | 13 | unknown method 'keys'",
      "lambda x: len(x, x) | 11 | len() takes 1 argument, got 2",
      "lambda x: x['a'] == | 20 | the expression ends too early",
      "lambda x: x['a'] 3 | 18 | unexpected '3' after the expression",
      "lambda: 1 | 7 | expected the parameter's name"})
  void badExpressionsNameThePositionAndTheProblem(String filter, int column, String problem) {
    RecordFilter.SyntaxException e = assertThrows(RecordFilter.SyntaxException.class, () -> RecordFilter.parse(filter));
    assertEquals(column, e.position() + 1, e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertTrue(e.getMessage().contains("character " + column), e.getMessage());
  }

  @Test
  void whatPythonWouldRaiseIsAnErrorNamingThePosition() {
    RecordFilter missingKey = RecordFilter.parse("lambda x: x['nope'] == 1");
    RecordFilter.EvaluationException e = assertThrows(RecordFilter.EvaluationException.class,
        () -> missingKey.test(ROW));
    assertTrue(e.getMessage().contains("KeyError: 'nope'"), e.getMessage());
    assertEquals(11, e.position());
    RecordFilter mixed = RecordFilter.parse("lambda x: x['benchmark'] < 3");
    assertTrue(assertThrows(RecordFilter.EvaluationException.class, () -> mixed.test(ROW)).getMessage()
        .contains("'<' not supported between str and int"));
  }
}
