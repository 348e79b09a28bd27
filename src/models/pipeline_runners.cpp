#include "models/pipeline_runners.hpp"

#include <fmt/format.h>

namespace concur {

std::unique_ptr<PipelineStages> open_stages(const PipelineCapability& pipeline, RunOutcome& outcome) {
  std::unique_ptr<PipelineStages> stages = pipeline.open();
  outcome.workers_label = fmt::format("{} stages", stages->stage_count());
  if (stages->stage_count() < 2) {
    outcome.error = "a pipeline needs a source and at least one stage";
    return nullptr;
  }
  return stages;
}

}  // namespace concur
