"""Write synthetic Hugging Face papers page dumps (plain-text layout) of any size.

Run: .venv/bin/python tests/benchmarks/corpus.py --papers 10000 --out DIR [--files N] [--seed S]

The files look like plain-text copies of the daily papers page: the page header, then
blank-line separated cards of title, abstract and (for most cards) a metadata block of
`  • N authors` or an organisation line, a `·` line and a date with an optional comment
count. All text is made up here: titles and abstracts come from templates filled with a
small common ML vocabulary and a ~50k-word invented long-tail vocabulary drawn with a
Zipf-like distribution, so a search index sees a realistic number of distinct terms.

Guarantees the benchmarks and tests rely on:
- the same arguments give byte-identical files (only `random.Random` is used, seeded
  from `seed`; nothing depends on hash order or the clock);
- every title contains exactly one run of digits, right after a fixed-length code that
  is unique per paper (e.g. `Zerino-7B`), so title keys (case-folded, punctuation and
  whitespace removed) never collide;
- a paper repeated in a later file has the same title, abstract and metadata, only its
  comment count may change; within one file a paper appears at most once;
- files are written entry by entry: memory stays flat whatever the corpus size.
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ENTRIES_PER_FILE = 1000  # default file size, in entries
ABSTRACT_WORDS = (150, 250)
TITLE_WORDS = (8, 18)
RARE_WORDS = 50_000
VOCABULARY_SEED = 20_250_317

HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\n{list_date}\n\n"
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2025, 12, 31)

_CONSONANTS = "bcdfghjklmnprstvz"
_VOWELS = "aeiou"
# Fixed-length syllables: a code of k syllables always has 2k letters (see `_code`).
_CODE_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class Corpus:
    """What `generate_corpus` wrote."""

    files: list[Path]  # the dump files written, in order
    entries: int  # paper entries written over all files
    unique_papers: int  # distinct papers (by title) over all files


# ---------------------------------------------------------------- vocabulary


def _wordlist(text: str) -> list[str]:
    return text.split()


ADJECTIVES = _wordlist(
    """efficient scalable robust lightweight sparse dense adaptive hierarchical multimodal multilingual
compositional contrastive generative discriminative autoregressive causal modular unified faithful calibrated
interpretable controllable long-context low-rank parameter-efficient data-efficient self-supervised
semi-supervised zero-shot few-shot open-vocabulary open-ended retrieval-augmented tool-augmented memory-efficient
compute-optimal distributed decentralized federated differentiable probabilistic geometric equivariant temporal
spatial spatio-temporal structured synthetic noisy implicit explicit hybrid recurrent convolutional latent
discrete continuous stochastic lossless quantized distilled pretrained instruction-tuned aligned verifiable
grounded embodied interactive agentic iterative progressive dynamic universal fine-grained coarse-to-fine
training-free test-time cross-lingual cross-modal domain-general task-agnostic physics-informed uncertainty-aware
privacy-preserving energy-based score-based flow-based token-level sequence-level"""
)

NOUNS = _wordlist(
    """model transformer encoder decoder tokenizer policy agent benchmark dataset objective loss representation
embedding architecture framework pipeline method approach baseline adapter router planner verifier retriever critic
classifier generator discriminator memory cache schedule curriculum optimizer regularizer prior kernel graph layer
gate module prompt demonstration trajectory rollout sampler estimator metric signal reward feature projection
codebook vocabulary context window budget mixture ensemble backbone head student teacher"""
)

PHRASE_NOUNS = (
    "reward model",
    "attention mechanism",
    "language model",
    "vision encoder",
    "world model",
    "diffusion model",
    "search procedure",
    "value function",
    "state space model",
    "mixture of experts",
)

TASKS = (
    "mathematical reasoning",
    "code generation",
    "machine translation",
    "image captioning",
    "visual question answering",
    "text-to-image synthesis",
    "video understanding",
    "speech recognition",
    "protein structure prediction",
    "molecular property prediction",
    "long-context retrieval",
    "open-domain question answering",
    "instruction following",
    "tool use",
    "web navigation",
    "robotic manipulation",
    "motion planning",
    "volumetric reconstruction",
    "semantic segmentation",
    "object detection",
    "depth estimation",
    "novel view synthesis",
    "document understanding",
    "table reasoning",
    "theorem proving",
    "program synthesis",
    "dialogue modeling",
    "abstractive summarization",
    "fact verification",
    "hallucination detection",
    "preference optimization",
    "reward modeling",
    "continual learning",
    "domain adaptation",
    "anomaly detection",
    "time series forecasting",
    "weather forecasting",
    "sequential recommendation",
    "information extraction",
    "entity linking",
    "sentiment analysis",
    "audio generation",
    "music generation",
    "speech synthesis",
    "graph representation learning",
    "link prediction",
    "knowledge editing",
    "machine unlearning",
    "red teaming",
    "jailbreak detection",
    "model merging",
    "speculative decoding",
    "post-training quantization",
    "structured pruning",
    "knowledge distillation",
    "in-context learning",
    "chain-of-thought reasoning",
    "multi-agent collaboration",
    "embodied navigation",
    "scene understanding",
    "medical image analysis",
    "clinical note summarization",
    "legal reasoning",
    "scientific discovery",
    "data curation",
    "synthetic data generation",
    "visual grounding",
    "video generation",
    "layout generation",
    "retrieval-augmented generation",
)

DOMAINS = (
    "Low-Resource Languages",
    "Clinical Settings",
    "Scientific Literature",
    "Autonomous Driving",
    "Robotics",
    "Remote Sensing",
    "Education",
    "Finance",
    "Healthcare",
    "Software Engineering",
    "Materials Science",
    "Chemistry",
    "Legal Documents",
    "Open-World Games",
    "Edge Devices",
    "Mobile Devices",
    "Real-World Deployments",
    "Noisy Environments",
)

VERBS = _wordlist(
    """improves outperforms matches accelerates stabilizes simplifies reduces recovers unifies extends enhances
regularizes compresses aligns grounds calibrates solves handles supports"""
) + ["generalizes to", "scales to"]

_SMALL_WORDS = frozenset(_wordlist("a an and are as at by for from in is of on or the to via vs with"))
_RARE_SUFFIXES = _wordlist(
    """ation ic al oid ive ness ity ism ometry former net ize ator ant ent ial ous ular ics ite ine
ase on um a or er"""
)

# Title templates. {C} is the paper's unique model name and must be the title's only digits.
TITLE_TEMPLATES = (
    "{C}: {A} {N} for {A} {T}",
    "{C}: Scaling {R} {P} for {T}",
    "{C}: Towards {A} {T} with {R} {P}",
    "{C}: A {A} Benchmark for {T} in {D}",
    "{C}: Unifying {T} and {T} with {A} {R} {P}",
    "{A} {T} with {C} and {R} {P}",
    "{R} {P} Make {A} {T} Practical: Evidence from {C}",
    "Can {C} Learn {T} from {R} {P}?",
    "How {A} Are {P}? Probing {C} on {T}",
    "Rethinking {T} through {A} {R} {P} in {C}",
    "{C} Is a {A} {N} for {T}",
    "Learning {A} {P} for {T} via {R} {N} with {C}",
    "When Do {R} {P} Help {T}? A Study with {C}",
    "{T} at Scale: {C} and the {R} {N} Hypothesis",
    "Beyond {A} {P}: {C} for {A} {T}",
)
TITLE_TAILS = (" in {D}", " with {A} {R} {P}", " via {R} {N}", " under {R} Shift", " for {D}")

# Abstract sentences: opening, body and closing. Slots: M this paper's model, O another
# model, Y acronym, B benchmark, n/ns noun/plural, a adjective, r rare word, t task, T task
# at sentence start, v verb, p percentage, x factor, k large count, s size, c small count.
OPENINGS = (
    "{T} is a central problem for {a} {ns}, yet current {ns} remain {a} when {r} {ns} are scarce.",
    "Recent {ns} have made rapid progress on {t}, but their behaviour under {r} {n} is poorly understood.",
    "Large {ns} increasingly rely on {a} {r} {ns} to solve {t}.",
    "Despite strong results on {B}, {a} {ns} still struggle with {t} and {r} {ns}.",
    "A key obstacle for {t} is the cost of {a} {r} supervision.",
    "Scaling {ns} for {t} has so far required {a} {ns} and {k} {r} examples.",
    "Most {ns} treat {t} and {t} as separate problems with distinct {r} {ns}.",
    "{T} with {a} {ns} depends heavily on how {r} {ns} are collected and filtered.",
)
BODY = (
    "We introduce {M}, a {a} {n} that {v} {t} without {a} {ns}.",
    "In this work, we present {M}, which couples a {a} {n} with a {r} {n}.",
    "{M} learns a {a} {r} {n} from {k} {r} samples and uses it to guide a {a} {n}.",
    "The core idea is to replace the {a} {n} of {O} with a {r} {n} trained by {Y}.",
    "To this end, we design a {a} {r} objective that separates {r} {ns} from {a} {ns}.",
    "We also release {B}, a {a} benchmark of {k} {r} problems spanning {c} {ns}.",
    "Our {n} is trained in two stages: {a} pretraining on {k} tokens, followed by {Y} on {r} {ns}.",
    "Each {n} is scored by a {a} {n}, and the {r} ones are kept for {Y} fine-tuning.",
    "We further propose {Y}, a {a} {n} for {r} {n}, and show that it {v} {a} {ns}.",
    "Unlike prior {ns}, our {n} needs no {a} {r} labels and runs in a single pass.",
    "A {a} {n} routes each {r} token to one of {c} {a} {ns}.",
    "We formalize {t} as {a} {r} inference over a {a} {n}.",
    "On {B} and {B}, {M} improves the {r} score by {p} over {O}.",
    "The {s} variant of {M} reaches {p} accuracy on {B}, surpassing {O} and {O}.",
    "Compared with {O}, {M} uses {x} fewer {ns} while matching its {r} {n}.",
    "Ablations show that the {r} {n} and the {a} {n} are both needed for {t}.",
    "We observe a {p} drop in {r} errors and a {x} speed-up at inference time.",
    "Across {c} {ns}, {M} {v} {t} and remains {a} under {r} shift.",
    "Human raters prefer outputs of {M} over those of {O} in {p} of the {r} comparisons.",
    "Our analysis finds that {r} {ns} explain most of the gap between {O} and {O} on {B}.",
    "Scaling {M} from {s} parameters upwards yields steady gains on {t}, with no sign of saturation.",
    "With only {p} of the labelled data, {M} matches a fully supervised {O} on {B}.",
    "Interestingly, {a} {ns} emerge without explicit {r} supervision once training exceeds {k} steps.",
    "We further show that {Y} {v} {r} {ns} by {p} at a {x} lower cost.",
    "Theoretically, we prove that the {r} {n} is {a} under mild {r} assumptions.",
)
CLOSINGS = (
    "Code, {r} checkpoints and the {B} benchmark are publicly available.",
    "These results suggest that {a} {r} {ns} are a {a} path toward {t}.",
    "We hope {M} serves as a {a} baseline for future work on {t}.",
    "Our findings point to {r} {n} as an underexplored lever for {a} {t}.",
    "We discuss limitations of {Y} and outline directions for {a} {t}.",
)

SIZES = ("0.5B", "1.3B", "1.5B", "3B", "7B", "8B", "13B", "14B", "32B", "34B", "70B", "125M", "350M", "2.7B")
MODEL_SUFFIXES = ("-{s}", "-{s}", "-{s}", "-{d}", "{d}", "-{d}.{e}", "-{d}-{s}")
OTHER_VERSIONS = ("4o", "2.5", "3", "3.1", "XL", "Large", "v2", "Pro", "Mini", "13B", "7B", "Flash", "1.5", "R1")
ORG_KINDS = ("Labs", "AI", "Research", "Institute", "University", "Group", "Robotics", "Lab", "Foundation")


# ---------------------------------------------------------------- generator


def _pluralize(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last == "experts":  # "mixture of experts"
        return "mixtures of experts"
    if last.endswith("y") and last[-2:-1] not in _VOWELS:
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def _title_case(text: str) -> str:
    words = []
    for word in text.split(" "):
        if word in _SMALL_WORDS and words:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def _compile(template: str) -> list[str]:
    """Alternating literal text and slot names: ["We introduce ", "M", ", a ", ...]."""
    return re.split(r"\{(\w+)\}", template)


def _log_uniform(rng: random.Random, size: int) -> int:
    """An index below `size` with a Zipf-like (1/rank) distribution."""
    return min(int((size + 1) ** rng.random()) - 1, size - 1)


class _Vocabulary:
    """The made-up words: long-tail words, acronyms, model, benchmark and organisation names.

    The same for every corpus (like a language), so it is built once per process; the
    corpus seed decides which words each paper uses.
    """

    def __init__(self) -> None:
        rng = random.Random(VOCABULARY_SEED)
        taken = {w.casefold() for w in ADJECTIVES + NOUNS}
        self.rare = self._words(rng, RARE_WORDS, taken, self._rare_word)
        self.acronyms = self._words(rng, 4000, taken, self._acronym)
        self.others = self._words(rng, 3000, taken, self._other_model)
        self.benchmarks = self._words(rng, 1500, taken, self._benchmark)
        self.orgs = self._words(rng, 400, taken, self._org)
        self.nouns = list(NOUNS) + list(PHRASE_NOUNS)
        self.plurals = [_pluralize(n) for n in self.nouns]

    @staticmethod
    def _words(rng: random.Random, count: int, taken: set[str], make: Callable[[random.Random], str]) -> list[str]:
        # A list keeps the (seeded) order; the set only answers "seen before?".
        words: list[str] = []
        while len(words) < count:
            word = make(rng)
            if word.casefold() not in taken:
                taken.add(word.casefold())
                words.append(word)
        return words

    @staticmethod
    def _syllables(rng: random.Random, count: int) -> str:
        parts = []
        for _ in range(count):
            part = rng.choice(_CONSONANTS) + rng.choice(_VOWELS)
            if rng.random() < 0.3:
                part += rng.choice("lnrstmk")
            parts.append(part)
        return "".join(parts)

    def _rare_word(self, rng: random.Random) -> str:
        return self._syllables(rng, rng.choice((1, 2, 2, 3))) + rng.choice(_RARE_SUFFIXES)

    @staticmethod
    def _acronym(rng: random.Random) -> str:
        return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.choice((2, 3, 3, 4, 4, 5))))

    def _other_model(self, rng: random.Random) -> str:
        name = self._syllables(rng, rng.choice((1, 2, 2, 3))).capitalize()
        if rng.random() < 0.2:
            name = name.upper()
        return f"{name}-{rng.choice(OTHER_VERSIONS)}"

    def _benchmark(self, rng: random.Random) -> str:
        stem = self._acronym(rng) if rng.random() < 0.6 else self._syllables(rng, 2).capitalize()
        return stem + rng.choice(("", "", "-Bench", "-Eval", "-QA", "++", "-Hard", "-Pro"))

    def _org(self, rng: random.Random) -> str:
        name = self._syllables(rng, rng.choice((2, 3))).capitalize()
        display = name.upper() if rng.random() < 0.3 else f"{name} {rng.choice(ORG_KINDS)}"
        handle = display.lower().replace(" ", "-") if rng.random() < 0.8 else name.lower()[:4] + "hq"
        return f"{handle} {display}"


@functools.cache
def _vocabulary() -> _Vocabulary:
    return _Vocabulary()


class _Papers:
    """Paper `i` of a corpus as a pure function of (seed, i), so repeats can be rewritten."""

    def __init__(self, seed: int, papers: int) -> None:
        self.seed = seed
        self.vocab = _vocabulary()
        # Codes: fixed-length syllable strings, one per paper, through a bijection of the index.
        self.code_syllables = 3
        while len(_CODE_SYLLABLES) ** self.code_syllables < papers:
            self.code_syllables += 1
        self.code_space = len(_CODE_SYLLABLES) ** self.code_syllables
        self.code_offset = random.Random(seed).randrange(self.code_space)
        self.titles = [_compile(t) for t in TITLE_TEMPLATES]
        self.tails = [_compile(t) for t in TITLE_TAILS]
        self.openings = [_compile(t) for t in OPENINGS]
        self.body = [_compile(t) for t in BODY]
        self.closings = [_compile(t) for t in CLOSINGS]
        self.days = (LAST_DAY - FIRST_DAY).days + 1

    def _code(self, index: int) -> str:
        # 7919 is prime and coprime to 85 = 5 * 17, so this permutes the code space.
        number = (index * 7919 + self.code_offset) % self.code_space
        letters = []
        for _ in range(self.code_syllables):
            number, digit = divmod(number, len(_CODE_SYLLABLES))
            letters.append(_CODE_SYLLABLES[digit])
        return "".join(letters).capitalize()

    def paper(self, index: int) -> tuple[str, str, str | None, str | None]:
        """(title, abstract, metadata line or None, date line or None) of paper `index`."""
        rng = random.Random((self.seed * 0x9E3779B97F4A7C15 + index * 0xBF58476D1CE4E5B9 + 1) & _MASK64)
        suffix = rng.choice(MODEL_SUFFIXES).format(s=rng.choice(SIZES), d=rng.randint(1, 4), e=rng.randint(1, 9))
        model = self._code(index) + suffix
        title = self._title(rng, model)
        abstract = self._abstract(rng, model)
        roll = rng.random()
        if roll < 0.70:
            authors = min(1 + int(rng.expovariate(0.18)), 20)
            meta: str | None = f"  • {authors} authors"
        elif roll < 0.85:
            meta = self.vocab.orgs[_log_uniform(rng, len(self.vocab.orgs))]
        else:
            return title, abstract, None, None
        day = FIRST_DAY + timedelta(days=rng.randrange(self.days))
        shown = f"{MONTHS[day.month - 1]} {day.day}"
        if rng.random() < 0.5:
            shown += f", {day.year}"
        return title, abstract, meta, shown

    def _title(self, rng: random.Random, model: str) -> str:
        lo, hi = TITLE_WORDS
        while True:
            words = self._fill(rng, rng.choice(self.titles), model, title=True)
            while len(words.split()) < lo:
                words += self._fill(rng, rng.choice(self.tails), model, title=True)
            if len(words.split()) <= hi:
                return words

    def _abstract(self, rng: random.Random, model: str) -> str:
        lo, hi = ABSTRACT_WORDS
        target = rng.randint(lo + 15, hi - 15)
        sentences = [self._fill(rng, rng.choice(self.openings), model)]
        closing = self._fill(rng, rng.choice(self.closings), model)
        count = len(sentences[0].split()) + len(closing.split())
        # Each body sentence at most once; together they always exceed the word range.
        for template in rng.sample(self.body, len(self.body)):
            if count >= target:
                break
            sentence = self._fill(rng, template, model)
            words = len(sentence.split())
            if count + words > hi:
                break  # then count > hi - longest sentence >= lo
            sentences.append(sentence)
            count += words
        sentences.append(closing)
        return " ".join(sentences)

    def _fill(self, rng: random.Random, parts: list[str], model: str, *, title: bool = False) -> str:
        out = [parts[0]]
        vocab = self.vocab
        for i in range(1, len(parts), 2):
            slot = parts[i]
            if slot in ("M", "C"):
                value = model
            elif slot == "r" or slot == "R":
                value = vocab.rare[_log_uniform(rng, len(vocab.rare))]
            elif slot in ("a", "A"):
                value = rng.choice(ADJECTIVES)
            elif slot in ("n", "N"):
                value = rng.choice(vocab.nouns)
            elif slot in ("ns", "P"):
                value = rng.choice(vocab.plurals)
            elif slot == "t":
                value = rng.choice(TASKS)
            elif slot == "T":
                value = rng.choice(TASKS)
                value = value[0].upper() + value[1:]
            elif slot == "D":
                value = rng.choice(DOMAINS)
            elif slot == "v":
                value = rng.choice(VERBS)
            elif slot == "O":
                value = vocab.others[_log_uniform(rng, len(vocab.others))]
            elif slot == "Y":
                value = vocab.acronyms[_log_uniform(rng, len(vocab.acronyms))]
            elif slot == "B":
                value = vocab.benchmarks[_log_uniform(rng, len(vocab.benchmarks))]
            elif slot == "p":
                tenths = rng.randint(5, 999)
                value = f"{tenths // 10}.{tenths % 10}%"
            elif slot == "x":
                tenths = rng.randint(12, 150)
                value = f"{tenths // 10}.{tenths % 10}x"
            elif slot == "k":
                value = f"{rng.randint(2, 999)}{rng.choice(('k', 'k', 'k', 'M'))}"
            elif slot == "s":
                value = rng.choice(SIZES)
            elif slot == "c":
                value = str(rng.randint(3, 40))
            else:
                raise ValueError(f"unknown slot {{{slot}}}")
            if title and slot not in ("C", "D"):
                value = _title_case(value)
            previous = out[-1]
            if value[0] in "aeiouAEIOU" and (previous.endswith((" a ", " A ")) or previous in ("a ", "A ")):
                out[-1] = previous[:-1] + "n "
            out.append(value)
            out.append(parts[i + 1])
        return "".join(out)


def _plan(papers: int, files: int | None, repeat_share: float) -> tuple[list[int], list[int]]:
    """New papers and repeated papers per file."""
    if papers < 1:
        raise ValueError("papers must be at least 1")
    if not 0 <= repeat_share < 1:
        raise ValueError("repeat_share must be in [0, 1)")
    if files is None:
        files = max(1, round(papers / (1 - repeat_share) / ENTRIES_PER_FILE))
    if not 1 <= files <= papers:
        raise ValueError("files must be between 1 and the number of papers")
    new = [papers * (k + 1) // files - papers * k // files for k in range(files)]
    repeats = [0] * files
    if files > 1:
        total = round(papers * repeat_share / (1 - repeat_share))
        earlier = new[0]
        for k in range(1, files):
            share = total * k // (files - 1) - total * (k - 1) // (files - 1)
            repeats[k] = min(share, earlier)
            earlier += new[k]
    return new, repeats


def generate_corpus(
    folder: Path, papers: int, *, files: int | None = None, seed: int = 0, repeat_share: float = 0.1
) -> Corpus:
    """Write `papers` distinct papers as plain-text page dumps into `folder`.

    `files` defaults to one file per ~1000 entries. About `repeat_share` of all entries
    list a paper from an earlier file again (same title, abstract and metadata, maybe
    another comment count); with a single file there is nothing earlier to repeat.
    """
    new, repeats = _plan(papers, files, repeat_share)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    source = _Papers(seed, papers)
    rng = random.Random(seed)
    written: list[Path] = []
    start = 0
    for k, (fresh, repeated) in enumerate(zip(new, repeats, strict=True)):
        order = list(range(start, start + fresh)) + rng.sample(range(start), repeated)
        rng.shuffle(order)
        start += fresh
        path = folder / f"{k:04d}_synthetic_seed{seed}.txt"
        list_day = FIRST_DAY + timedelta(days=rng.randrange(source.days))
        with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            out.write(HEADER.format(list_date=f"{MONTHS[list_day.month - 1]} {list_day.day}"))
            for index in order:
                title, abstract, meta, shown = source.paper(index)
                if meta is None:
                    out.write(f"{title}\n\n{abstract}\n\n")
                    continue
                if rng.random() < 0.4:
                    shown = f"{shown} {min(1 + int(rng.expovariate(0.25)), 99)}"
                out.write(f"{title}\n\n{abstract}\n\n{meta}\n·\n{shown}\n\n")
        written.append(path)
    return Corpus(files=written, entries=sum(new) + sum(repeats), unique_papers=papers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, required=True, help="distinct papers to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the dump files into")
    parser.add_argument("--files", type=int, default=None, help="number of files (default: one per ~1000 entries)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat-share", type=float, default=0.1, help="share of entries repeated from earlier files")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        corpus = generate_corpus(
            args.out, args.papers, files=args.files, seed=args.seed, repeat_share=args.repeat_share
        )
    except ValueError as error:
        sys.exit(f"corpus: {error}")
    seconds = time.perf_counter() - started
    for path in corpus.files:
        print(path)
    size = sum(path.stat().st_size for path in corpus.files)
    print(
        f"{len(corpus.files)} files, {corpus.entries} entries, {corpus.unique_papers} unique papers, "
        f"{size / 2**20:.1f} MiB in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
