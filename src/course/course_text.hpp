// The course's prose, computed from what this run measured: every number
// and every conclusion ("threads did not help", "processes won") is chosen
// from the facts, never written in advance.
#pragma once

#include <string>
#include <string_view>

#include "course/course_document.hpp"
#include "course/course_facts.hpp"
#include "course/course_words.hpp"

namespace concur::course {

Document course_document(const CourseFacts& facts, Lang lang);

// render_document(course_document(facts, lang), format).
std::string render_course(const CourseFacts& facts, Lang lang, std::string_view format);

// One section each, in course_text_*.cpp (the GPU one in course_text.cpp).
Section machine_section(const MachineFacts&, const Words&);
Section download_section_text(const DownloadFacts&, bool quick, const Words&);
Section factorise_section_text(const FactoriseFacts&, const MachineFacts&, const Words&);
Section event_section_text(const EventFacts&, const Words&);
Section gpu_section_text(const GpuFacts&, const Words&);
Section summary_section(const CourseFacts&, const Words&);

// Names of the models as the text calls them.
std::string model_name(std::string_view model, const Words&);

// "Not measured: <label>: <reason>" for each missing cell, or nothing.
void add_missing_notes(Section& section, const Words& words,
                       std::initializer_list<std::pair<std::string, const Measured*>> cells);

// The course's own figures (Python 3.6 on a laptop, 2017; the README lists them).
namespace figures {
inline constexpr unsigned cpu_count = 8;
inline constexpr double download_sequential_s = 2.469;
inline constexpr double download_threads_s = 0.502;
inline constexpr double factorise_sequential_s = 1.75;
inline constexpr double factorise_processes_s = 1.33;  // 10 processes
inline constexpr double book_sequential_s = 3.69;
inline constexpr double book_processes_s = 1.98;
inline constexpr double book_threads_s = 3.95;
}  // namespace figures

}  // namespace concur::course
