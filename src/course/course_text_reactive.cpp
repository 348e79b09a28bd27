// Section 4b: reactive programming, the course's data centre measured. The
// pipeline workload's thermometers stream readings through stages; one loop,
// a thread per stage and a process per stage are timed, their throughput
// judged by its interval and their latency from reading to alert quoted.
#include "course/course_text.hpp"
#include "workloads/pipeline/readings.hpp"

namespace concur::course {
namespace {

std::string form_name(std::string_view model, const Words& w) {
  if (model == "sequential") return w("one loop (sequential)", "une boucle (séquentiel)");
  if (model == "threads") return w("a thread per stage, queues between", "un fil par étape, reliés par des files");
  return w("a process per stage, pipes between", "un processus par étape, reliés par des tubes");
}

std::string degrees(std::int32_t centi, const Words& w) {
  return w.number(centi / 100.0, 0) + (w.lang() == Lang::fr ? "\u00a0°C" : " °C");
}

std::string per_second(const ReactiveFacts& f, const Measured& m, const Words& w) {
  if (!m.ok() || *m.seconds <= 0) return "—";
  return w.count(static_cast<std::uint64_t>(static_cast<double>(f.readings) / *m.seconds + 0.5));
}

// Latencies of one loop are below a microsecond, where duration() rounds to 0.
std::string latency(const std::optional<double>& s, const Words& w) {
  if (!s) return "—";
  const std::string space = w.lang() == Lang::fr ? "\u00a0" : " ";
  if (*s < 1e-5) return w.number(*s * 1e6, *s < 1e-6 ? 2 : 1) + space + "µs";
  return w.duration(*s);
}

// Short names for the table.
std::string form_label(std::string_view model, const Words& w) {
  if (model == "sequential") return w("one loop", "une boucle");
  if (model == "threads") return w("a thread per stage", "un fil par étape");
  return w("a process per stage", "un processus par étape");
}

// One stage form against the loop: its throughput verdict and its latency.
std::string form_sentence(const ReactiveFacts& f, const ReactiveFacts::Row& loop, const ReactiveFacts::Row& row,
                          const Words& w) {
  const Verdict v = judge(loop.cell, row.cell);
  if (!v.measured()) return "";
  std::string p = say(w, "With {}, {} readings a second: ", "Avec {}, {} relevés par seconde : ",
                      form_name(row.model, w), per_second(f, row.cell, w));
  switch (v.outcome) {
    case Outcome::faster: p += say(w, "{} the loop's throughput", "{} le débit de la boucle", w.interval(v.speedup)); break;
    case Outcome::slower:
      p += say(w, "{} slower than the loop", "{} plus lent que la boucle", w.ratio(1 / v.speedup.value));
      break;
    case Outcome::tie: p += w("as fast as the loop (a tie)", "aussi rapide que la boucle (égalité)"); break;
    case Outcome::cannot_tell:
      p += say(w, "this run cannot tell it from the loop ({})", "ce passage ne permet pas de le départager de la "
               "boucle ({})", doubt_text(v, w));
      break;
  }
  if (row.latency_p50 && loop.latency_p50)
    p += say(w, "; an alert came {} after its reading (median; the loop: {}).",
             " ; une alerte est venue {} après son relevé (médiane ; la boucle : {}).",
             latency(row.latency_p50, w), latency(loop.latency_p50, w));
  else
    p += ".";
  return w.typeset(p);
}

}  // namespace

Section reactive_section_text(const ReactiveFacts& f, const Words& w) {
  Section s{w("4b. Reactive: the data centre's thermometers", "4 bis. Programmation réactive : les thermomètres "
              "du centre de données"), {}};
  s.blocks.push_back(say(w,
      "The course's reactive example: thermometers all over a data centre send readings without end, and the "
      "program does not go and fetch data, it reacts to each reading as it arrives. Here {} thermometers in {} "
      "zones send {} readings as text; each flows through a chain of stages, as an RxPy observable flows through "
      "its operators: parse the text, smooth each sensor over its last {} readings, watch each zone's mean, and "
      "raise an alert when it goes over {} (again only once it has come back under {}). Every alert is checked "
      "against a replay of the same rules.",
      "L'exemple réactif du cours : des thermomètres répartis dans un centre de données envoient des relevés sans "
      "fin, et le programme ne va pas chercher les données, il réagit à chaque relevé dès qu'il arrive. Ici, {} "
      "thermomètres répartis en {} zones envoient {} relevés sous forme de texte ; chacun traverse une chaîne "
      "d'étapes, comme un observable RxPy traverse ses opérateurs : lire le texte, lisser chaque capteur sur ses "
      "{} derniers relevés, surveiller la moyenne de chaque zone et lever une alerte quand elle dépasse {} (de "
      "nouveau seulement après être redescendue sous {}). Chaque alerte est vérifiée par rapport à une relecture "
      "des mêmes règles.",
      pipeline::kSensors, pipeline::kZones, w.count(f.readings), pipeline::kSmoothingWindow,
      degrees(pipeline::kAlertAbove, w), degrees(pipeline::kClearBelow, w)));
  if (f.rows.empty()) return s;

  const ReactiveFacts::Row& loop = f.rows.front();
  Table t{{w("form", "forme"), w("time", "temps"), w("readings/s", "relevés/s"),
           w("latency p50", "latence p50"), w("p99", "p99"),
           w("speedup [95% interval]", "accélération [intervalle à 95 %]"), w("verdict", "verdict")},
          {},
          {false, true, true, true, true, true, false}};
  for (const auto& row : f.rows) {
    const bool base = &row == &loop;
    const Verdict v = base ? Verdict{} : judge(loop.cell, row.cell);
    t.rows.push_back({form_label(row.model, w), w.time_of(row.cell), per_second(f, row.cell, w),
                      latency(row.latency_p50, w), latency(row.latency_p99, w), base ? "" : speedup_text(v, w),
                      base ? "" : outcome_word(v, w)});
  }
  s.blocks.push_back(t);

  if (loop.cell.ok()) {
    std::string p = say(w, "One loop, every stage in turn for each reading, handled {} readings a second",
                        "Une boucle, chaque étape à tour de rôle pour chaque relevé, a traité {} relevés par seconde",
                        per_second(f, loop.cell, w));
    if (loop.latency_p50 && loop.latency_p99)
      p += say(w, "; an alert came {} after the reading that raised it (median; 99% within {})",
               " ; une alerte est venue {} après le relevé qui l'a déclenchée (médiane ; 99 % en moins de {})",
               latency(loop.latency_p50, w), latency(loop.latency_p99, w));
    s.blocks.push_back(w.typeset(p + "."));
  }
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  for (const auto& row : f.rows)
    if (&row != &loop)
      if (auto p = form_sentence(f, loop, row, w); !p.empty()) s.blocks.push_back(p);

  s.blocks.push_back(w(
      "That is what reactive programming changes: the code says what to do when a reading comes (an observer per "
      "condition), not when to look for one. Whether the stages then run in one loop, on threads or in processes "
      "is a scheduling choice, and the table shows its price: handing a reading from stage to stage through a "
      "queue or a pipe costs time, which a stream repays only if its stages have more work than that. RxPy runs "
      "every operator on the thread that pushes the reading unless a scheduler is named (observe_on, "
      "subscribe_on); RxCpp offers the same operators in C++.",
      "Voilà ce que change la programmation réactive : le code dit quoi faire quand un relevé arrive (un "
      "observateur par condition), et non quand aller le chercher. Que les étapes tournent ensuite dans une "
      "boucle, sur des fils ou dans des processus est un choix d'ordonnancement, et le tableau en montre le prix : "
      "passer un relevé d'une étape à l'autre par une file ou un tube prend du temps, qu'un flux ne rembourse que "
      "si ses étapes ont plus de travail que cela. RxPy exécute chaque opérateur sur le fil qui pousse le relevé, "
      "sauf si on lui désigne un ordonnanceur (observe_on, subscribe_on) ; RxCpp offre les mêmes opérateurs en "
      "C++."));
  for (const auto& row : f.rows) add_missing_notes(s, w, {{form_name(row.model, w), &row.cell}});
  return s;
}

}  // namespace concur::course
