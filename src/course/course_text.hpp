// The course's prose, computed from what this run measured: every number
// and every conclusion ("threads did not help", "processes won") is chosen
// from the facts, never written in advance.
#pragma once

#include <string>
#include <string_view>

#include "report/text_layout.hpp"
#include "course/course_document.hpp"
#include "course/course_facts.hpp"
#include "course/course_verdicts.hpp"
#include "course/course_words.hpp"

namespace concur::course {

Document course_document(const CourseFacts& facts, Lang lang);

// render_document(course_document(facts, lang), format).
// `width`: the columns paragraphs wrap at in the terminal format.
std::string render_course(const CourseFacts& facts, Lang lang, std::string_view format,
                          std::size_t width = report::kProseWidth);

// One section each, in course_text_*.cpp (the GPU one in course_text.cpp).
Section machine_section(const MachineFacts&, const Words&);
Section download_section_text(const DownloadFacts&, bool quick, const Words&);
Section factorise_section_text(const FactoriseFacts&, const MachineFacts&, const Words&);
Section startup_section_text(const StartupFacts&, const Words&);
Section races_section_text(const RaceFacts&, const SharingFacts&, double switch_interval_ms, const Words&);
// The contention workloads' table and verdicts, after the race (course_text_sharing.cpp).
void add_sharing_blocks(Section& races, const SharingFacts&, const Words&);
Section reactive_section_text(const ReactiveFacts&, const Words&);
Section amdahl_section_text(const AmdahlFacts&, const Words&);
Section cpython_section_text(const CourseFacts&, const Words&);
Section event_section_text(const EventFacts&, const Words&);
Section gpu_section_text(const GpuFacts&, bool verbose, const Words&);
// "no NVIDIA GPU found" (CUDA's own words too when verbose), or why no GPU rows.
std::string gpu_skip_reason(const GpuFacts&, bool verbose, const Words&);
Section summary_section(const CourseFacts&, const Words&);

// A verdict in a table cell: "faster", "tie", "cannot tell"...
std::string outcome_word(const Verdict&, const Words&);
// The speedup with its interval, or "—".
std::string speedup_text(const Verdict&, const Words&);
// Why a verdict is "cannot tell", as a clause: "only one repetition", ...
std::string doubt_text(const Verdict&, const Words&);
// A paragraph saying the machine was busy while a section ran, or "".
std::string disturbance_note(const Disturbance&, const Words&);

// Names of the models as the text calls them.
std::string model_name(std::string_view model, const Words&);

// "Not measured: <label>: <reason>" for each missing cell, or nothing.
void add_missing_notes(Section& section, const Words& words,
                       std::initializer_list<std::pair<std::string, const Measured*>> cells);

// The course's own figures (Python 3.6 on a laptop, 2017; docs/course.md lists them).
namespace figures {
inline constexpr unsigned cpu_count = 8;
inline constexpr double download_sequential_s = 2.469;
inline constexpr double download_threads_s = 0.502;
inline constexpr double factorise_sequential_s = 1.75;
inline constexpr double factorise_processes_s = 1.33;  // 10 processes
inline constexpr double book_sequential_s = 3.69;
inline constexpr double book_processes_s = 1.98;
inline constexpr double book_threads_s = 3.95;
inline constexpr double book_threads_start_s = 0.0017;    // starting 10 threads
inline constexpr double book_processes_start_s = 0.0223;  // starting 10 processes
}  // namespace figures

}  // namespace concur::course
