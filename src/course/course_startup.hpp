// Measures what the course's book only quotes: starting 10 threads against
// starting 10 processes, each handing one result back.
#pragma once

#include "course/course_facts.hpp"

namespace concur::course {

StartupFacts measure_startup(unsigned workers, unsigned repetitions);

}  // namespace concur::course
