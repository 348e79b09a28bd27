// Section 3c: the course's experiments in real CPython beside the model's
// cells, each ratio with its verdict, so a reader sees where the model holds.
// The words come from the message catalogues.
#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {
namespace {

const FactoriseFacts::Row* ten_workers(const FactoriseFacts& f) {
  for (const auto& row : f.rows)
    if (row.workers == 10) return &row;
  return f.rows.empty() ? nullptr : &f.rows.back();
}

// Two verdicts say the same thing (both decided, same outcome).
bool line_agrees(const Verdict& a, const Verdict& b) {
  return a.measured() && b.measured() && a.outcome == b.outcome && a.outcome != Outcome::cannot_tell;
}

std::string cell_text(const Verdict& v, const Words& w) {
  return v.measured() ? say<Msg::summary_value_word>(w, w.ratio(v.speedup.value), outcome_word(v, w)) : "—";
}

}  // namespace

Section cpython_section_text(const CourseFacts& f, const Words& w) {
  Section s{say<Msg::cpython_title>(w), {}};
  const CPythonFacts& py = f.cpython;
  if (!py.missing.empty() || py.columns.empty()) {
    s.blocks.push_back(say<Msg::cpython_missing>(w, py.missing.empty() ? say<Msg::cpython_not_run>(w) : py.missing));
    return s;
  }
  const FactoriseFacts::Row* row = ten_workers(f.factorise);
  Table t{{say<Msg::cpython_column_experiment>(w), say<Msg::cpython_column_model>(w)},
          {},
          {false, true}};
  for (const auto& c : py.columns) {
    t.header.push_back(c.interpreter + " " + c.version + (c.gil ? "" : say<Msg::cpython_no_gil>(w)));
    t.right_align.push_back(true);
  }
  struct Line {
    std::string label;
    Verdict model;
    Measured CPythonColumn::*base;
    Measured CPythonColumn::*cell;
  };
  std::vector<Line> lines{
      {say<Msg::cpython_line_downloads>(w, py.images),
       judge(f.download.sequential, f.download.gil), &CPythonColumn::download_sequential,
       &CPythonColumn::download_threads},
      {say<Msg::cpython_line_threads>(w, py.workers),
       row ? judge(f.factorise.sequential, row->gil) : Verdict{}, &CPythonColumn::cpu_sequential,
       &CPythonColumn::cpu_threads},
      {say<Msg::cpython_line_pool>(w, py.workers),
       row ? judge(f.factorise.sequential, row->processes) : Verdict{}, &CPythonColumn::cpu_sequential,
       &CPythonColumn::cpu_pool}};
  for (const auto& line : lines) {
    std::vector<std::string> cells{line.label, cell_text(line.model, w)};
    for (const auto& c : py.columns) cells.push_back(cell_text(judge(c.*line.base, c.*line.cell), w));
    t.rows.push_back(std::move(cells));
  }
  s.blocks.push_back(t);
  s.blocks.push_back(say<Msg::cpython_how>(w, w.count(py.numbers), py.workers, py.workers));
  for (const auto& c : py.columns) {
    if (!c.gil) continue;
    const Verdict threads = judge(c.cpu_sequential, c.cpu_threads);
    const Verdict& model = lines[1].model;
    if (!threads.measured() || !model.measured()) continue;
    if (threads.outcome == Outcome::cannot_tell || model.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say<Msg::cpython_cannot_compare>(w, c.interpreter));
    else if (line_agrees(threads, model))
      s.blocks.push_back(say<Msg::cpython_agree>(w, c.interpreter, outcome_word(threads, w)));
    else
      s.blocks.push_back(say<Msg::cpython_disagree>(w, c.interpreter, outcome_word(threads, w), outcome_word(model, w)));
  }
  if (py.columns.size() == 1)
    s.blocks.push_back(say<Msg::cpython_no_free_threaded>(w));
  for (const auto& c : py.columns) {
    add_missing_notes(s, w, {{c.interpreter + say<Msg::cpython_cell_sequential>(w), &c.cpu_sequential},
                             {c.interpreter + say<Msg::cpython_cell_threads>(w), &c.cpu_threads},
                             {c.interpreter + " Pool", &c.cpu_pool},
                             {c.interpreter + say<Msg::cpython_cell_downloads>(w), &c.download_sequential},
                             {c.interpreter + say<Msg::cpython_cell_download_threads>(w),
                              &c.download_threads}});
  }
  return s;
}

}  // namespace concur::course
