// The node's local operations: progress reports, stories with photos,
// nominations, the province's review, the status summary and conflicts.
//
// Every operation acts as the node configured in the database
// (NodeStore::node_config: unit and role), validates everything before it
// writes, and runs as one Store transaction through Store::write, so change
// capture records it for sync; a refused operation writes nothing.
// Messages are Vietnamese sentences for the clerk.
#pragma once

#include "records/conflict_view.h"
#include "records/conflicts.h"
#include "records/documents.h"
#include "records/commendation.h"
#include "records/council.h"
#include "records/node.h"
#include "records/nominations.h"
#include "records/progress.h"
#include "records/progress_matrix.h"
#include "records/review.h"
#include "records/stories.h"
#include "records/summary.h"
#include "records/task_state.h"
#include "records/tasks.h"
#include "records/local_photos.h"
#include "records/review_queue.h"
#include "records/story_views.h"
