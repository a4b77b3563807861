"""Makes the SentencePiece test model and its expected ids with Google's sentencepiece library (independent of our
code). The model is trained here on the project's own corpus, so it is ours to ship.

Usage (needs the sentencepiece Python package, e.g. `pip install sentencepiece==0.2.2`):
    python3 scripts/gen-sentencepiece-fixture.py
Output: src/test/resources/sentencepiece/{tokenizer.model,tokenizer_config.json,fixture.json}
"""
import io
import json
import pathlib

import sentencepiece as spm

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "src/test/resources/sentencepiece"
CORPUS = (ROOT / "src/main/resources/io/inferenceperf/data/corpus.txt").read_text(encoding="utf-8")

TEXTS = [
    "The harbour lamps are lit before the tide comes in.",
    "Hello world",
    " leading space and  two spaces",
    "line one\nline two",
    "numbers 12345 and 3.14",
    "café naïve 日本語 😀",
    "unseen words: quixotic zephyr",
    "",
]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS.splitlines()), model_writer=model, vocab_size=400, model_type="bpe",
        byte_fallback=True, character_coverage=1.0, bos_id=1, eos_id=2, unk_id=0, pad_id=-1,
        normalization_rule_name="identity", split_digits=True, add_dummy_prefix=True, minloglevel=2)
    (OUT / "tokenizer.model").write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=model.getvalue())
    cases = [{"text": t, "ids": processor.encode(t), "decoded": processor.decode(processor.encode(t))} for t in TEXTS]
    fixture = {"source": f"sentencepiece {spm.__version__} encode()", "vocabSize": processor.get_piece_size(),
               "bosId": processor.bos_id(), "eosId": processor.eos_id(), "unkId": processor.unk_id(), "cases": cases}
    (OUT / "fixture.json").write_text(json.dumps(fixture, ensure_ascii=False, indent=1), encoding="utf-8")
    config = {"tokenizer_class": "LlamaTokenizer", "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
              "add_bos_token": True, "add_eos_token": False}
    (OUT / "tokenizer_config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
