// The course document: title, introduction, the sections and the summary,
// plus the helpers every section shares. The words come from the message
// catalogues (course_messages_*.inc).
#include "course/course_text.hpp"

#include "course/course_messages.hpp"

namespace concur::course {

std::string model_name(std::string_view model, const Words& w) {
  if (model == "sequential") return say<Msg::model_sequential>(w);
  if (model == "gil") return say<Msg::model_gil>(w);
  if (model == "threads") return say<Msg::model_threads>(w);
  if (model == "processes") return say<Msg::model_processes>(w);
  if (model == "cuda") return say<Msg::model_cuda>(w);
  return std::string(model);
}

void add_missing_notes(Section& section, const Words& w,
                       std::initializer_list<std::pair<std::string, const Measured*>> cells) {
  for (const auto& [label, cell] : cells)
    if (!cell->ok()) section.blocks.push_back(say<Msg::not_measured_note>(w, label, cell->reason));
}

std::string gpu_skip_reason(const GpuFacts& f, bool verbose, const Words& w) {
  if (!f.no_gpu) return f.skipped_reason;
  return say<Msg::gpu_none>(w) +
         (verbose && !f.cuda_detail.empty() ? say<Msg::gpu_cuda_words>(w, f.cuda_detail) : "");
}

Section gpu_section_text(const GpuFacts& f, bool verbose, const Words& w) {
  Section s{say<Msg::gpu_title>(w), {}};
  const std::string why = say<Msg::gpu_why>(w);
  if (!f.skipped_reason.empty()) {
    s.blocks.push_back(say<Msg::gpu_no_rows>(w, gpu_skip_reason(f, verbose, w)) + " " + why);
    return s;
  }
  const std::string cpu = say<Msg::gpu_cpu_column>(w, model_name("threads", w), f.cpu_workers);
  Table t{{say<Msg::gpu_column_workload>(w), model_name("sequential", w), cpu, say<Msg::gpu_column_copies>(w),
           say<Msg::gpu_column_kernel>(w), say<Msg::gpu_column_launch>(w)},
          {},
          {false, true, true, true, true, false}};
  for (const auto& r : f.rows)
    t.rows.push_back({r.workload, w.time_of(r.sequential), w.time_of(r.threads), w.time_of(r.cuda),
                      r.kernel_seconds ? w.duration(*r.kernel_seconds) : "—", r.launch_shape});
  s.blocks.push_back(t);
  s.blocks.push_back(why);
  for (const auto& r : f.rows) {
    if (!r.cuda.ok() || !r.threads.ok()) continue;
    const double gpu = *r.cuda.seconds, threads = *r.threads.seconds;
    s.blocks.push_back(gpu < threads
                           ? say<Msg::gpu_faster>(w, r.workload, w.ratio(threads / gpu), f.cpu_workers)
                           : say<Msg::gpu_not_faster>(w, r.workload, f.cpu_workers, w.duration(gpu),
                                 w.duration(threads)));
  }
  for (const auto& r : f.rows)
    add_missing_notes(s, w, {{say<Msg::gpu_cell>(w, r.workload, model_name("cuda", w)), &r.cuda},
                             {say<Msg::gpu_cell>(w, r.workload, cpu), &r.threads}});
  return s;
}

Document course_document(const CourseFacts& f, Lang lang) {
  const Words w(lang);
  Document d;
  d.title = say<Msg::document_title>(w);
  if (!f.header.date.empty())
    d.intro.push_back(say<Msg::document_header>(w, f.header.date, f.machine.cpu_model, f.machine.usable_cpus,
                          f.header.version, f.header.seed, "`" + f.header.command + "`"));
  d.intro.push_back(say<Msg::document_intro>(w, f.machine.cpu_model,
                        w.number(f.factorise.switch_interval_ms, f.factorise.switch_interval_ms < 1 ? 2 : 0)));
  d.intro.push_back(say<Msg::document_free_threads>(w));
  if (f.quick) d.intro.push_back(say<Msg::document_quick>(w));
  d.sections.push_back(machine_section(f.machine, w));
  d.sections.push_back(download_section_text(f.download, f.quick, w));
  d.sections.push_back(factorise_section_text(f.factorise, f.machine, w));
  d.sections.push_back(startup_section_text(f.startup, w));
  d.sections.push_back(cpython_section_text(f, w));
  d.sections.push_back(races_section_text(f.races, f.sharing, f.factorise.switch_interval_ms, w));
  d.sections.push_back(amdahl_section_text(f.amdahl, w));
  d.sections.push_back(event_section_text(f.events, w));
  d.sections.push_back(reactive_section_text(f.reactive, w));
  d.sections.push_back(gpu_section_text(f.gpu, f.verbose, w));
  d.sections.push_back(summary_section(f, w));
  return d;
}

std::string render_course(const CourseFacts& facts, Lang lang, std::string_view format, std::size_t width) {
  return render_document(course_document(facts, lang), format, width);
}

}  // namespace concur::course
