// Sections 1 (the machine) and 3 (CPU-bound factorisation). The words come
// from the message catalogues.
#include <algorithm>

#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {
namespace {

// The fastest measured cell of one model and its verdict against sequential.
struct Best {
  const FactoriseFacts::Row* row = nullptr;
  Verdict verdict;
};

Best best_of(const FactoriseFacts& f, Measured FactoriseFacts::Row::*model) {
  Best best;
  for (const auto& row : f.rows) {
    Verdict v = judge(f.sequential, row.*model);
    if (v.measured() && (!best.row || v.speedup.value > best.verdict.speedup.value)) best = {&row, v};
  }
  return best;
}

}  // namespace

Section machine_section(const MachineFacts& m, const Words& w) {
  Section s{say(w, Msg::cpu_the_machine), {}};
  s.blocks.push_back(Table{{"", say(w, Msg::cpu_this_machine), say(w, Msg::cpu_course)},
                           {{"multiprocessing.cpu_count()", std::to_string(m.cpu_count),
                             std::to_string(figures::cpu_count)},
                            {say(w, Msg::cpu_physical_cores), std::to_string(m.physical_cores), "—"},
                            {say(w, Msg::cpu_cpus_this_process_may_use),
                             std::to_string(m.usable_cpus), "—"}},
                           {false, true, true}});
  std::string p = say(w, Msg::cpu_python_s_multiprocessing_cpu_count,
                      m.cpu_count, figures::cpu_count, m.physical_cores, m.cpu_model);
  if (m.physical_cores > 0 && m.cpu_count > m.physical_cores)
    p += say(w, Msg::cpu_hardware_threads_per_core_sharing,
             m.cpu_count / m.physical_cores);
  else
    p += ".";
  if (m.usable_cpus < m.cpu_count)
    p += say(w, Msg::cpu_this_process_may_use_only,
             m.usable_cpus);
  s.blocks.push_back(p);
  const unsigned cores = std::min(m.usable_cpus, std::max(m.physical_cores, 1u));
  if (cores <= 1)
    s.blocks.push_back(say(w, Msg::cpu_with_a_single_core_no));
  else
    s.blocks.push_back(say(w, Msg::cpu_so_cpu_bound_work_can,
                           cores));
  return s;
}

Section factorise_section_text(const FactoriseFacts& f, const MachineFacts& m, const Words& w) {
  Section s{say(w, Msg::cpu_computing_prime_factors_of_random, w.count(f.numbers)), {}};
  Table t{{say(w, Msg::cpu_model), say(w, Msg::cpu_workers), say(w, Msg::cpu_time),
           say(w, Msg::cpu_speedup_interval), say(w, Msg::cpu_verdict),
           say(w, Msg::cpu_course_python)},
          {{model_name("sequential", w), "1", w.time_of(f.sequential), "", "",
            w.duration(figures::factorise_sequential_s) + say(w, Msg::cpu_text)}},
          {false, true, true, true, false, false}};
  for (const auto& [model, member] : factorise_models())
    for (const auto& row : f.rows) {
      const Measured& cell = row.*member;
      const Verdict v = judge(f.sequential, cell);
      std::string course = "—";  // the course's figures are for 10 workers
      if (row.workers == 10 && model == "processes")
        course = w.duration(figures::factorise_processes_s) + " (" +
                 w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s) + ")";
      if (row.workers == 10 && model == "gil")
        course = w.ratio(figures::book_sequential_s / figures::book_threads_s) + say(w, Msg::cpu_book);
      t.rows.push_back({model_name(model, w), std::to_string(row.workers), w.time_of(cell), speedup_text(v, w),
                        outcome_word(v, w), course});
    }
  s.blocks.push_back(t);

  if (!f.sequential.ok()) {
    add_missing_notes(s, w, {{model_name("sequential", w), &f.sequential}});
    return s;
  }
  const double seq = *f.sequential.seconds;
  const std::uint64_t multiple = f.numbers / 10'000;
  std::string intro = say(w, Msg::cpu_the_course_s_experiment_the,
                          w.duration(figures::factorise_sequential_s), w.duration(seq / std::max<std::uint64_t>(multiple, 1)));
  intro += multiple > 1
               ? say(w, Msg::cpu_so_this_run_factorises_times,
                     w.count(f.numbers), multiple, w.duration(seq))
               : say(w, Msg::cpu_this_run_factorises_the_course,
                     w.count(f.numbers), w.duration(seq));
  s.blocks.push_back(intro);
  const bool busy = f.disturbance.busy();
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);

  const Best gil = best_of(f, &FactoriseFacts::Row::gil);
  const Best free = best_of(f, &FactoriseFacts::Row::threads);
  const Best procs = best_of(f, &FactoriseFacts::Row::processes);
  if (gil.row) {
    const Verdict& v = gil.verdict;
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say(w, Msg::cpu_threads_under_the_gil_finished,
                             w.interval(v.speedup), gil.row->workers));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, Msg::cpu_whether_threads_under_the_gil, doubt_text(v, w)));
    else
      s.blocks.push_back(say(w, Msg::cpu_threads_under_the_gil_did,
                             gil.row->workers, w.interval(v.speedup), outcome_word(v, w),
                             w.number(f.switch_interval_ms, f.switch_interval_ms < 1 ? 2 : 0),
                             w.duration(figures::book_threads_s), w.duration(figures::book_sequential_s)));
  }
  if (free.row) {
    const Verdict& v = free.verdict;
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say(w, Msg::cpu_free_threads_threads_with_no,
                             w.interval(v.speedup), free.row->workers, m.usable_cpus));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, Msg::cpu_whether_free_threads_no_global,
                             doubt_text(v, w)));
    else
      s.blocks.push_back(say(w, Msg::cpu_even_free_threads_no_global,
                             w.interval(v.speedup), outcome_word(v, w),
                             m.usable_cpus <= 1 ? say(w, Msg::cpu_this_process_has_a_single)
                                                : std::string(".")));
  }
  if (procs.row) {
    const Verdict& v = procs.verdict;
    const std::string course = say(w, Msg::cpu_the_course_s_processes_took,
                                   w.duration(figures::factorise_processes_s), w.duration(figures::factorise_sequential_s),
                                   w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s));
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say(w, Msg::cpu_processes_get_around_the_gil,
                             procs.row->workers, w.interval(v.speedup)) + course);
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, Msg::cpu_whether_processes_helped_this_run, doubt_text(v, w)) + course);
    else
      s.blocks.push_back(say(w, Msg::cpu_processes_did_not_go_faster,
                             w.interval(v.speedup), outcome_word(v, w)) + course);
  }
  if (gil.row) {
    std::string why = say(w, Msg::cpu_why_cpython_s_threads_share);
    const Best& unlocked = free.verdict.speedup.value >= procs.verdict.speedup.value ? free : procs;
    if (!busy && unlocked.row && unlocked.verdict.faster() && gil.verdict.measured() &&
        gil.verdict.outcome != Outcome::faster)
      why += say(w, Msg::cpu_here_under_the_lock_without,
                 w.ratio(gil.verdict.speedup.value), w.ratio(unlocked.verdict.speedup.value));
    s.blocks.push_back(why);
  }
  for (const auto& row : f.rows)
    add_missing_notes(s, w, {{model_name("gil", w) + " ×" + std::to_string(row.workers), &row.gil},
                             {model_name("threads", w) + " ×" + std::to_string(row.workers), &row.threads},
                             {model_name("processes", w) + " ×" + std::to_string(row.workers), &row.processes}});
  return s;
}

}  // namespace concur::course
