// Defaults shared by every workload.
#include "concur/workload.hpp"

namespace concur {

Answer Workload::combine(std::span<const TaskResult> results) const {
  Answer answer;
  for (const auto& r : results) {
    answer.value += r.value;  // unsigned: wraps modulo 2^64 by definition
    answer.items += r.items;
    if (!r.ok) {
      if (answer.failed_tasks == 0) answer.first_error = r.error_message();
      ++answer.failed_tasks;
    }
  }
  return answer;
}

}  // namespace concur
