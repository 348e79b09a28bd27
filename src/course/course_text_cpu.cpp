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
    if (v.measured() && (!best.row || v.speedup.value > best.verdict.speedup.value))
      best = {&row, v};
  }
  return best;
}

}  // namespace

Section machine_section(const MachineFacts& m, const Words& w) {
  Section s{say<Msg::cpu_the_machine>(w), {}};
  s.blocks.push_back(
      Table{{"", say<Msg::cpu_this_machine>(w), say<Msg::cpu_course>(w)},
            {{"multiprocessing.cpu_count()", std::to_string(m.cpu_count),
              std::to_string(figures::cpu_count)},
             {say<Msg::cpu_physical_cores>(w), std::to_string(m.physical_cores), "—"},
             {say<Msg::cpu_cpus_this_process_may_use>(w), std::to_string(m.usable_cpus), "—"}},
            {false, true, true}});
  std::string p = say<Msg::cpu_python_s_multiprocessing_cpu_count>(
      w, m.cpu_count, figures::cpu_count, m.physical_cores, m.cpu_model);
  if (m.physical_cores > 0 && m.cpu_count > m.physical_cores)
    p += say<Msg::cpu_hardware_threads_per_core_sharing>(w, m.cpu_count / m.physical_cores);
  else
    p += ".";
  if (m.usable_cpus < m.cpu_count) p += say<Msg::cpu_this_process_may_use_only>(w, m.usable_cpus);
  s.blocks.push_back(p);
  const unsigned cores = std::min(m.usable_cpus, std::max(m.physical_cores, 1u));
  if (cores <= 1)
    s.blocks.push_back(say<Msg::cpu_with_a_single_core_no>(w));
  else
    s.blocks.push_back(say<Msg::cpu_so_cpu_bound_work_can>(w, cores));
  return s;
}

Section factorise_section_text(const FactoriseFacts& f, const MachineFacts& m, const Words& w) {
  Section s{say<Msg::cpu_computing_prime_factors_of_random>(w, w.count(f.numbers)), {}};
  Table t{
      {say<Msg::cpu_model>(w), say<Msg::cpu_workers>(w), say<Msg::cpu_time>(w),
       say<Msg::cpu_speedup_interval>(w), say<Msg::cpu_verdict>(w), say<Msg::cpu_course_python>(w)},
      {{model_name("sequential", w), "1", w.time_of(f.sequential), "", "",
        w.duration(figures::factorise_sequential_s) + say<Msg::cpu_course_count>(w)}},
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
        course =
            w.ratio(figures::book_sequential_s / figures::book_threads_s) + say<Msg::cpu_book>(w);
      t.rows.push_back({model_name(model, w), std::to_string(row.workers), w.time_of(cell),
                        speedup_text(v, w), outcome_word(v, w), course});
    }
  s.blocks.push_back(t);

  if (!f.sequential.ok()) {
    add_missing_notes(s, w, {{model_name("sequential", w), &f.sequential}});
    return s;
  }
  const double seq = *f.sequential.seconds;
  const std::uint64_t multiple = f.numbers / 10'000;
  std::string intro = say<Msg::cpu_the_course_s_experiment_the>(
      w, w.duration(figures::factorise_sequential_s),
      w.duration(seq / std::max<std::uint64_t>(multiple, 1)));
  intro += multiple > 1 ? say<Msg::cpu_so_this_run_factorises_times>(w, w.count(f.numbers),
                                                                     multiple, w.duration(seq))
                        : say<Msg::cpu_this_run_factorises_the_course>(w, w.count(f.numbers),
                                                                       w.duration(seq));
  s.blocks.push_back(intro);
  const bool busy = f.disturbance.busy();
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);

  const Best gil = best_of(f, &FactoriseFacts::Row::gil);
  const Best free = best_of(f, &FactoriseFacts::Row::threads);
  const Best procs = best_of(f, &FactoriseFacts::Row::processes);
  if (gil.row) {
    const Verdict& v = gil.verdict;
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(
          say<Msg::cpu_threads_under_the_gil_finished>(w, w.interval(v.speedup), gil.row->workers));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say<Msg::cpu_whether_threads_under_the_gil>(w, doubt_text(v, w)));
    else
      s.blocks.push_back(say<Msg::cpu_threads_under_the_gil_did>(
          w, gil.row->workers, w.interval(v.speedup), outcome_word(v, w),
          w.number(f.switch_interval_ms, f.switch_interval_ms < 1 ? 2 : 0),
          w.duration(figures::book_threads_s), w.duration(figures::book_sequential_s)));
  }
  if (free.row) {
    const Verdict& v = free.verdict;
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say<Msg::cpu_free_threads_threads_with_no>(
          w, w.interval(v.speedup), free.row->workers, m.usable_cpus));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say<Msg::cpu_whether_free_threads_no_global>(w, doubt_text(v, w)));
    else
      s.blocks.push_back(say<Msg::cpu_even_free_threads_no_global>(
          w, w.interval(v.speedup), outcome_word(v, w),
          m.usable_cpus <= 1 ? say<Msg::cpu_this_process_has_a_single>(w) : std::string(".")));
  }
  if (procs.row) {
    const Verdict& v = procs.verdict;
    const std::string course = say<Msg::cpu_the_course_s_processes_took>(
        w, w.duration(figures::factorise_processes_s), w.duration(figures::factorise_sequential_s),
        w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s));
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(
          say<Msg::cpu_processes_get_around_the_gil>(w, procs.row->workers, w.interval(v.speedup)) +
          course);
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say<Msg::cpu_whether_processes_helped_this_run>(w, doubt_text(v, w)) +
                         course);
    else
      s.blocks.push_back(
          say<Msg::cpu_processes_did_not_go_faster>(w, w.interval(v.speedup), outcome_word(v, w)) +
          course);
  }
  if (gil.row) {
    std::string why = say<Msg::cpu_why_cpython_s_threads_share>(w);
    const Best& unlocked = free.verdict.speedup.value >= procs.verdict.speedup.value ? free : procs;
    if (!busy && unlocked.row && unlocked.verdict.faster() && gil.verdict.measured() &&
        gil.verdict.outcome != Outcome::faster)
      why += say<Msg::cpu_here_under_the_lock_without>(w, w.ratio(gil.verdict.speedup.value),
                                                       w.ratio(unlocked.verdict.speedup.value));
    s.blocks.push_back(why);
  }
  for (const auto& row : f.rows)
    add_missing_notes(
        s, w,
        {{model_name("gil", w) + " ×" + std::to_string(row.workers), &row.gil},
         {model_name("threads", w) + " ×" + std::to_string(row.workers), &row.threads},
         {model_name("processes", w) + " ×" + std::to_string(row.workers), &row.processes}});
  return s;
}

}  // namespace concur::course
