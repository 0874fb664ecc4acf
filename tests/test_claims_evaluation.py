"""The extractor's measured accuracy on the hand-annotated set stays where it is.

The thresholds are measured on the frozen test split (``evaluation/claims/test``),
which rules are never tuned on: a regression in any rule shows here as a lower
figure, and fails CI. They are the figures the extractor reached when the split
was written, less a small margin; the goals of issue 18 (speaker recall ≥ 0.85 at
precision ≥ 0.92, direct quotes ≥ 0.8, dates and media ≥ 0.85) are where they go.
"""

import pytest

from evaluation.evaluate_claims import (
    FAMILIES,
    SEED_NAME,
    SPLITS,
    evaluate,
    load_gold,
    measure_speed,
    name_key,
)

# On the test split with parser 1.3 (wire copy's speakers): measured speaker 0.934 /
# 0.908, statement F1 0.986, role recall 0.833, direct 0.893, dates 0.800, media 0.880
# (22 articles, 109 claims; parser 1.2 gave 0.906 / 0.881, 0.986, 0.796, 0.893, 0.800,
# 0.880; 1.1 0.816 / 0.771, 0.972, 0.574, 0.643, 0.700, 0.720; 1.0 0.641 / 0.459,
# 0.770, 0.278, 0.500, 0.400, 0.400). Parser 1.4 (dates in wire copy) measured the
# same figures as 1.3: dates are still 8 of 10. Parser 1.5 (more of when words were
# said: البارحة، "في 5 الجاري", the occasion of the sentence before) measured dates
# 0.900 (9 of 10, none wrong; the goal of 0.85 met) and every other figure as 1.4.
MIN_TEST = {
    ("speaker", "precision"): 0.92,  # the goal itself, measured 0.934
    ("speaker", "recall"): 0.88,
    ("statement", "f1"): 0.96,
    ("role", "recall"): 0.80,
    ("direct", "recall"): 0.86,
    ("date", "recall"): 0.88,
    ("medium", "recall"): 0.85,
}
# The seed and the ten articles the first rules were written against score 1.0 on
# every field; the rules of later issues must not lose them.
MIN_OLDER_SPEAKER = 0.9
MIN_OLDER_SPAN_F1 = 0.85


@pytest.fixture(scope="module")
def test_split():
    return evaluate("test")


@pytest.fixture(scope="module")
def older():
    names = {name for name in load_gold("dev") if int(name[:3]) <= 10}
    assert len(names) == 11
    return evaluate("dev", only=names)


@pytest.fixture(scope="module")
def seed():
    return evaluate("dev", only={SEED_NAME})


@pytest.mark.parametrize(("field", "measure"), list(MIN_TEST))
def test_the_test_split_stays_at_its_measured_figures(test_split, field, measure):
    assert getattr(test_split[field], measure) >= MIN_TEST[(field, measure)]


def test_the_splits_are_disjoint_and_large_enough():
    dev, test = load_gold("dev"), load_gold("test")
    assert not set(dev) & set(test)
    assert len(test) >= 20
    assert len(dev) >= 30
    assert sum(len(entry["claims"]) for entry in test.values()) >= 100


def test_every_gold_claim_names_a_known_family_and_a_role():
    for split in SPLITS:
        for name, entry in load_gold(split).items():
            for claim in entry["claims"]:
                assert claim["family"] in FAMILIES, (split, name, claim["statement"])
                assert isinstance(claim["role"], str), (split, name)


def test_the_test_split_uses_every_family():
    used = {claim["family"] for entry in load_gold("test").values() for claim in entry["claims"]}
    assert used == set(FAMILIES)


def test_families_are_scored_on_the_test_split(test_split):
    assert (
        sum(family.gold for family in test_split.families.values()) == test_split["statement"].gold
    )
    indirect = test_split.families["indirect"]
    assert indirect.right_speaker <= indirect.found <= indirect.gold


def test_the_speed_is_measured_in_seed_sized_articles_per_second():
    # A plausibility floor for a loaded machine; the goal (≥ 1,000/s) is printed, not tested.
    assert measure_speed(seconds=0.2, rounds=1) > 100


def test_speakers_are_found_and_right_on_the_older_articles(older):
    assert older["speaker"].precision >= MIN_OLDER_SPEAKER, older.misses
    assert older["speaker"].recall >= MIN_OLDER_SPEAKER, older.misses
    assert older["statement"].f1 >= MIN_OLDER_SPAN_F1, older.misses


@pytest.mark.parametrize(
    ("gold_id", "speakers"),
    [
        ("seed-1", {"New York Times"}),
        ("seed-2", {"فرهاد الشامي"}),
        ("seed-3", {"مسؤولون"}),
        ("seed-4", {"New York Times"}),
        ("seed-5", {"مسؤول", "مسؤول في إحدى الجماعات شبه العسكرية الكردية السورية"}),
        ("seed-6", {"قوات سوريا الديمقراطية", "قسد"}),
        ("seed-7", {"مسؤول"}),
        ("seed-8", {"يونيسيف", "منظمة الأمم المتحدة للطفولة"}),
        ("seed-9a", {"نسرين"}),
        ("seed-9b", {"نسرين"}),
        ("seed-10", {"نسرين"}),
    ],
)
def test_each_named_seed_claim_is_found_with_its_speaker(seed, gold_id, speakers):
    claim = seed.matched.get(gold_id)
    assert claim is not None, seed.misses
    assert {name_key(name) for name in [claim.speaker, *claim.speaker_aliases]} & {
        name_key(name) for name in speakers
    }


def test_seed_details_the_issue_names(seed):
    spokesman = seed.matched["seed-2"]
    assert spokesman.speaker_role == "المتحدث باسم قوات سوريا الديمقراطية"
    assert (str(spokesman.medium), spokesman.stated_on.isoformat()) == ("tweet", "2022-01-26")
    report = seed.matched["seed-1"]
    assert (str(report.medium), report.stated_on.isoformat()) == ("report", "2022-01-27")
    assert seed.matched["seed-7"].stated_on.isoformat() == "2022-01-27"
    assert [(f.value, str(f.qualifier)) for f in seed.matched["seed-3"].figures] == [
        (200, "at_least"),
        (30, ""),
    ]
    assert [f.value for f in seed.matched["seed-8"].figures] == [45_000, 1_000_000]
    quote = seed.matched["seed-10"]
    assert quote.is_direct_quote
    assert quote.statement == "ليس لدينا مكان آخر نذهب إليه"
