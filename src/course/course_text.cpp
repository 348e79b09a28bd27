// The course document: title, introduction, the five sections and the
// summary, plus the helpers every section shares.
#include "course/course_text.hpp"

namespace concur::course {

std::string model_name(std::string_view model, const Words& w) {
  if (model == "sequential") return w("sequential", "séquentiel");
  if (model == "gil") return w("threads under the GIL", "fils sous le GIL");
  if (model == "threads") return w("free threads", "fils libres");
  if (model == "processes") return w("processes", "processus");
  if (model == "cuda") return w("GPU (CUDA)", "GPU (CUDA)");
  return std::string(model);
}

void add_missing_notes(Section& section, const Words& w,
                       std::initializer_list<std::pair<std::string, const Measured*>> cells) {
  for (const auto& [label, cell] : cells)
    if (!cell->ok())
      section.blocks.push_back(say(w, "Not measured, {}: {}.", "Non mesuré, {} : {}.", label, cell->reason));
}

std::string gpu_skip_reason(const GpuFacts& f, bool verbose, const Words& w) {
  if (!f.no_gpu) return f.skipped_reason;
  return w("no NVIDIA GPU found", "aucun GPU NVIDIA trouvé") +
         (verbose && !f.cuda_detail.empty() ? say(w, " (CUDA: {})", " (CUDA : {})", f.cuda_detail) : "");
}

Section gpu_section_text(const GpuFacts& f, bool verbose, const Words& w) {
  Section s{w("5. The GPU", "5. Le GPU"), {}};
  const std::string why = w("A GPU runs thousands of small threads at once: it pays off for work made of many "
                            "identical, independent pieces, once the data has been copied to it. The course names "
                            "Python's ways to it: PyCUDA (NVIDIA's CUDA), PyOpenCL (OpenCL, any vendor) and Theano "
                            "(array expressions compiled for the GPU, since succeeded by JAX and PyTorch). In C++ "
                            "the same are the CUDA runtime used here, OpenCL or SYCL, and Thrust or Kokkos for "
                            "whole-array operations.",
                            "Un GPU exécute des milliers de petits fils à la fois : il est rentable pour un "
                            "travail fait de nombreux morceaux identiques et indépendants, une fois les données "
                            "copiées sur lui. Le cours cite les moyens d'y accéder depuis Python : PyCUDA (le CUDA "
                            "de NVIDIA), PyOpenCL (OpenCL, tous fabricants) et Theano (des expressions sur des "
                            "tableaux compilées pour le GPU, remplacé depuis par JAX et PyTorch). En C++, leurs "
                            "équivalents sont l'environnement d'exécution CUDA utilisé ici, OpenCL ou SYCL, et "
                            "Thrust ou Kokkos pour les opérations sur des tableaux entiers.");
  if (!f.skipped_reason.empty()) {
    s.blocks.push_back(say(w, "No GPU rows in this run: {}.", "Pas de lignes GPU dans cette mesure : {}.",
                           gpu_skip_reason(f, verbose, w)) + " " + why);
    return s;
  }
  const std::string cpu = say(w, "{} ×{}", "{} ×{}", model_name("threads", w), f.cpu_workers);
  Table t{{w("workload", "charge"), model_name("sequential", w), cpu, w("GPU, copies included", "GPU, copies comprises"),
           w("GPU kernel only", "noyau GPU seul"), w("launch", "lancement")},
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
        ? say(w, "{}: the GPU was {} faster than {} CPU threads, copies included.",
              "{} : le GPU a été {} plus rapide que {} threads CPU, copies comprises.",
              r.workload, w.ratio(threads / gpu), f.cpu_workers)
        : say(w, "{}: the GPU was not faster than {} CPU threads ({} against {}): copying and launching cost "
                 "more than this much work saves.",
              "{} : le GPU n'a pas été plus rapide que {} threads CPU ({} contre {}) : copier et lancer coûte "
              "plus que ce que ce travail fait gagner.",
              r.workload, f.cpu_workers, w.duration(gpu), w.duration(threads)));
  }
  for (const auto& r : f.rows)
    add_missing_notes(s, w, {{r.workload + " " + model_name("cuda", w), &r.cuda},
                             {r.workload + " " + cpu, &r.threads}});
  return s;
}

Document course_document(const CourseFacts& f, Lang lang) {
  const Words w(lang);
  Document d;
  d.title = w("Python 103, concurrency: the course's experiments measured again",
              "Python 103, concurrence : les expériences du cours, mesurées à nouveau");
  if (!f.header.date.empty())
    d.intro.push_back(say(w, "Run of {} on {} ({} usable CPUs), concur-bench {}, seed {}: {}",
                          "Passage du {} sur {} ({} processeurs utilisables), concur-bench {}, graine {} : {}",
                          f.header.date, f.machine.cpu_model, f.machine.usable_cpus, f.header.version,
                          f.header.seed, "`" + f.header.command + "`"));
  d.intro.push_back(say(w, "Every number below was measured by this run on {}, each cell checked against a known "
                           "answer. The course's own figures (Python 3.6 on a laptop, 2017) stand beside ours; "
                           "ours come from compiled C++, where the course's global lock is modelled: threads that "
                           "take turns on one lock, handed over every {} ms, released while waiting for I/O.",
                        "Chaque nombre ci-dessous a été mesuré par cette exécution sur {}, chaque case vérifiée "
                        "par rapport à une réponse connue. Les chiffres du cours (Python 3.6 sur un portable, "
                        "2017) figurent à côté des nôtres ; les nôtres viennent de C++ compilé, où le verrou global du "
                        "cours est modélisé : des fils qui se relaient sur un verrou, passé toutes les {} ms, "
                        "relâché pendant les attentes d'E/S.",
                        f.machine.cpu_model,
                        w.number(f.factorise.switch_interval_ms, f.factorise.switch_interval_ms < 1 ? 2 : 0)));
  d.intro.push_back(w("Free threads, below, are threads with no global lock: each runs on its own core whenever one is "
                      "free, as in C++, Java, Jython or a free-threaded CPython 3.13. Every verdict (faster, slower, "
                      "tie, cannot tell) comes from the 95% interval of a ratio of medians, the rule `compare` uses.",
                      "Les fils libres, ci-dessous, sont des fils d'exécution sans verrou global : chacun tourne sur "
                      "son propre cœur dès qu'il y en a un de libre, comme en C++, en Java, en Jython ou dans un "
                      "CPython 3.13 sans GIL. Chaque verdict (plus rapide, plus lent, égalité, indéterminé) vient de "
                      "l'intervalle à 95 % d'un rapport de médianes, la règle qu'applique `compare`."));
  if (f.quick)
    d.intro.push_back(w("Run with --quick: fewer repetitions and shorter waits, so expect noisier numbers.",
                        "Exécuté avec --quick : moins de répétitions et des attentes plus courtes, les nombres sont "
                        "donc plus bruités."));
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

std::string render_course(const CourseFacts& facts, Lang lang, std::string_view format) {
  return render_document(course_document(facts, lang), format);
}

}  // namespace concur::course
