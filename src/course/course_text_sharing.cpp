// Section 3d, second half: the cost of sharing, measured through the runner
// by the contention workloads (a mutex, one atomic, a counter per thread),
// one thread alone against free threads, each judged by its interval. The
// words come from the message catalogues (course_messages_*.inc).
#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {
namespace {

std::string sharing_label(std::string_view workload, const Words& w) {
  if (workload == "contention_mutex") return say<Msg::sharing_mutex>(w);
  if (workload == "contention_atomic") return say<Msg::sharing_atomic>(w);
  return say<Msg::sharing_local>(w);
}

// "2.90x slower", "1.85x [1.80–1.90] faster", "a tie", "cannot tell (why)".
std::string against_one(const Verdict& v, const Words& w) {
  switch (v.outcome) {
    case Outcome::faster: return say<Msg::sharing_faster>(w, w.interval(v.speedup));
    case Outcome::slower: return say<Msg::sharing_slower>(w, w.ratio(1 / v.speedup.value));
    case Outcome::tie: return say<Msg::sharing_tie>(w);
    case Outcome::cannot_tell: break;
  }
  return say<Msg::sharing_cannot_tell>(w, doubt_text(v, w));
}

const SharingFacts::Row* row_of(const SharingFacts& f, std::string_view workload) {
  for (const auto& r : f.rows)
    if (r.workload == workload) return &r;
  return nullptr;
}

}  // namespace

void add_sharing_blocks(Section& s, const SharingFacts& f, const Words& w) {
  if (f.rows.empty()) return;
  const std::string many = say<Msg::sharing_threads>(w, f.workers), one = say<Msg::sharing_one_thread>(w);
  Table t{{say<Msg::sharing_column_state>(w), one, many, say<Msg::column_speedup>(w), say<Msg::column_verdict>(w)},
          {},
          {false, true, true, true, false}};
  for (const auto& r : f.rows) {
    const Verdict v = judge(r.alone, r.shared);
    t.rows.push_back({sharing_label(r.workload, w), w.time_of(r.alone), w.time_of(r.shared), speedup_text(v, w),
                      outcome_word(v, w)});
  }
  s.blocks.push_back(t);
  s.blocks.push_back(say<Msg::sharing_setup>(w, w.count(f.increments), f.workers));
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  std::string verdicts;
  for (const auto& r : f.rows)
    if (const Verdict v = judge(r.alone, r.shared); v.measured())
      verdicts += (verdicts.empty() ? "" : say<Msg::list_separator>(w)) +
                  say<Msg::sharing_row_verdict>(w, sharing_label(r.workload, w), against_one(v, w));
  if (!verdicts.empty()) s.blocks.push_back(say<Msg::sharing_against_one>(w, verdicts));

  const SharingFacts::Row* mutex = row_of(f, "contention_mutex");
  const SharingFacts::Row* local = row_of(f, "contention_local");
  if (mutex && local) {
    const Verdict lesson = judge(mutex->shared, local->shared);
    if (lesson.faster()) {
      std::string p = say<Msg::sharing_lesson>(w, f.workers, w.interval(lesson.speedup));
      // The cause only where no disturbance could explain the difference.
      if (!f.disturbance.busy()) p += " " + say<Msg::sharing_lesson_why>(w);
      s.blocks.push_back(p);
    } else if (lesson.measured()) {
      s.blocks.push_back(say<Msg::sharing_lesson_undecided>(w, f.workers, outcome_word(lesson, w),
                             lesson.outcome == Outcome::cannot_tell ? doubt_text(lesson, w)
                                                                    : speedup_text(lesson, w)));
    }
  }
  for (const auto& r : f.rows)
    add_missing_notes(s, w, {{say<Msg::sharing_row_verdict>(w, sharing_label(r.workload, w), one), &r.alone},
                             {say<Msg::sharing_row_verdict>(w, sharing_label(r.workload, w), many), &r.shared}});
}

}  // namespace concur::course
