// Section 3c: the course's experiments in real CPython beside the model's
// cells, each ratio with its verdict, so a reader sees where the model holds.
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
  return v.measured() ? w.ratio(v.speedup.value) + " (" + outcome_word(v, w) + ")" : "—";
}

}  // namespace

Section cpython_section_text(const CourseFacts& f, const Words& w) {
  Section s{w("3c. The same experiments in real CPython", "3 ter. Les mêmes expériences dans le vrai CPython"), {}};
  const CPythonFacts& py = f.cpython;
  if (!py.missing.empty() || py.columns.empty()) {
    s.blocks.push_back(say(w, "CPython not measured: {}.", "CPython non mesuré : {}.",
                           py.missing.empty() ? w("not run", "pas lancé") : py.missing));
    return s;
  }
  const FactoriseFacts::Row* row = ten_workers(f.factorise);
  Table t{{w("experiment, against one after another", "expérience, par rapport à l'un après l'autre"),
           w("model (C++)", "modèle (C++)")},
          {},
          {false, true}};
  for (const auto& c : py.columns) {
    t.header.push_back(c.interpreter + " " + c.version + (c.gil ? "" : w(" (no GIL)", " (sans GIL)")));
    t.right_align.push_back(true);
  }
  struct Line {
    std::string label;
    Verdict model;
    Measured CPythonColumn::*base;
    Measured CPythonColumn::*cell;
  };
  std::vector<Line> lines{
      {say(w, "{} downloads, one thread each", "{} téléchargements, un fil chacun", py.images),
       judge(f.download.sequential, f.download.gil), &CPythonColumn::download_sequential,
       &CPythonColumn::download_threads},
      {say(w, "factorise, {} threads", "factorisation, {} fils", py.workers),
       row ? judge(f.factorise.sequential, row->gil) : Verdict{}, &CPythonColumn::cpu_sequential,
       &CPythonColumn::cpu_threads},
      {say(w, "factorise, {} processes (multiprocessing.Pool)", "factorisation, {} processus (multiprocessing.Pool)",
           py.workers),
       row ? judge(f.factorise.sequential, row->processes) : Verdict{}, &CPythonColumn::cpu_sequential,
       &CPythonColumn::cpu_pool}};
  for (const auto& line : lines) {
    std::vector<std::string> cells{line.label, cell_text(line.model, w)};
    for (const auto& c : py.columns) cells.push_back(cell_text(judge(c.*line.base, c.*line.cell), w));
    t.rows.push_back(std::move(cells));
  }
  s.blocks.push_back(t);
  s.blocks.push_back(say(w, "The model's column is the C++ cells above (threads under the modelled GIL; processes). "
                            "CPython ran the course's own programs: threading.Thread per image with urllib against "
                            "the same embedded server, and trial division of {} of the same integers (its "
                            "checksum checked against C++), in one thread, {} threads, and a "
                            "multiprocessing.Pool of {}.",
                         "La colonne du modèle reprend les mesures C++ ci-dessus (fils sous le GIL modélisé ; "
                         "processus). CPython a exécuté les programmes du cours : un threading.Thread par image "
                         "avec urllib sur le même serveur embarqué, et la division successive de {} des mêmes "
                         "entiers (somme de contrôle vérifiée par rapport au C++), sur un fil, {} fils, et un "
                         "multiprocessing.Pool de {}.",
                         w.count(py.numbers), py.workers, py.workers));
  for (const auto& c : py.columns) {
    if (!c.gil) continue;
    const Verdict threads = judge(c.cpu_sequential, c.cpu_threads);
    const Verdict& model = lines[1].model;
    if (!threads.measured() || !model.measured()) continue;
    if (threads.outcome == Outcome::cannot_tell || model.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, "On computing with threads, this run cannot compare {} with the model: at least one "
                                "of them cannot tell.",
                             "Sur le calcul avec des fils, ce passage ne permet pas de comparer {} au modèle : au "
                             "moins l'un des deux est indéterminé.", c.interpreter));
    else if (line_agrees(threads, model))
      s.blocks.push_back(say(w, "On computing with threads, {} and the model agree: {}.",
                             "Sur le calcul avec des fils, {} et le modèle concordent : {}.", c.interpreter,
                             outcome_word(threads, w)));
    else
      s.blocks.push_back(say(w, "On computing with threads, {} ({}) and the model ({}) disagree in this run.",
                             "Sur le calcul avec des fils, {} ({}) et le modèle ({}) ne concordent pas dans ce passage.",
                             c.interpreter, outcome_word(threads, w), outcome_word(model, w)));
  }
  if (py.columns.size() == 1)
    s.blocks.push_back(w("No free-threaded interpreter (python3.13t) on the PATH: the column CPython without its GIL "
                         "would fill is the model's free threads in section 3.",
                         "Pas d'interpréteur sans GIL (python3.13t) dans le PATH : la colonne qu'occuperait CPython "
                         "sans son GIL est celle des fils libres du modèle, en section 3."));
  for (const auto& c : py.columns) {
    add_missing_notes(s, w, {{c.interpreter + w(" one after another", " l'un après l'autre"), &c.cpu_sequential},
                             {c.interpreter + w(" threads", " fils"), &c.cpu_threads},
                             {c.interpreter + " Pool", &c.cpu_pool},
                             {c.interpreter + w(" downloads", " téléchargements"), &c.download_sequential},
                             {c.interpreter + w(" downloads with threads", " téléchargements avec fils"),
                              &c.download_threads}});
  }
  return s;
}

}  // namespace concur::course
