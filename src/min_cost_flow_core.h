/*
 * min_cost_flow_core.h — optimal pairing of demands (households, micro-wishes)
 * with suppliers (organisations, resources) that have capacities: a
 * minimum-cost flow with integer costs (metres), no server dependency.
 *
 * The problem.  Every demand either goes to one compatible supplier within
 * the maximum distance, or stays unplaced.  No supplier takes more demands
 * than its capacity.  Among all such assignments the solver returns one that
 * places as many demands as possible and, among those, has the smallest total
 * distance (an exact optimum: costs are integers, so no rounding enters the
 * flow).  Demands fixed to a supplier beforehand ("must stay") take capacity
 * and are not moved.
 *
 * Distances.  Great-circle metres (mean earth radius 6,371,008.8 m, rounded to
 * the nearest metre) when both sides have coordinates; otherwise the
 * community-to-community table (symmetric; a community is 0 m from itself
 * unless the table says otherwise) when both have a community and the table
 * knows the pair; otherwise the pair is impossible.
 *
 * The method.  Candidate arcs are the k nearest compatible suppliers of each
 * demand (a grid over coordinates, sorted lists over communities).  The flow
 * on those arcs is solved exactly (successive shortest paths, one demand at a
 * time, Dijkstra on reduced costs with node potentials).  The potentials are
 * then a certificate: every arc left out is priced, and if one has a negative
 * reduced cost it is added and the flow solved again.  When the loop ends no
 * omitted arc could lower the cost, so the result is optimal over ALL pairs
 * within the maximum distance, not only over the candidates.
 */
#ifndef MIN_COST_FLOW_CORE_H
#define MIN_COST_FLOW_CORE_H

#include <stddef.h>
#include <stdint.h>

#define MCF_NO_COMMUNITY	(-1)
#define MCF_NO_SUPPLIER		(-1)
#define MCF_EARTH_RADIUS_M	6371008.8
/* the largest distance the community table may hold (metres) */
#define MCF_MAX_TABLE_DISTANCE	100000000LL

typedef struct mcf_demand
{
	double		lat,
				lon;			/* degrees; NaN when unknown */
	int32_t		community;		/* index, or MCF_NO_COMMUNITY */
	int32_t		group;			/* only suppliers of the same group serve it */
	int64_t		need;			/* must be <= the supplier's limit */
	int32_t		deadline;		/* day number; supplier's ready day <= it */
	int32_t		fixed_supplier; /* must stay with it, or MCF_NO_SUPPLIER */
} mcf_demand;

typedef struct mcf_supplier
{
	double		lat,
				lon;
	int32_t		community;
	int32_t		group;
	int64_t		capacity;		/* demands it takes, >= 0 */
	int64_t		limit;			/* the largest need it covers */
	int32_t		ready;			/* first day it can serve */
} mcf_supplier;

typedef struct mcf_community_distance
{
	int32_t		a,
				b;				/* community indexes (either order) */
	int64_t		metres;
} mcf_community_distance;

typedef enum mcf_outcome
{
	MCF_PLACED = 1,				/* paired by the optimisation */
	MCF_KEPT,					/* fixed beforehand (must stay) */
	MCF_NO_CANDIDATE,			/* no compatible supplier within reach */
	MCF_NO_CAPACITY				/* candidates exist; their capacity is taken */
} mcf_outcome;

typedef struct mcf_input
{
	int32_t		n_demands;
	const mcf_demand *demands;
	int32_t		n_suppliers;
	const mcf_supplier *suppliers;
	int32_t		n_communities;
	int64_t		n_distances;
	const mcf_community_distance *distances;
	int64_t		max_distance;	/* metres; < 0: no limit */
	int32_t		candidates;		/* k, the first arcs per demand and source */
	int64_t		max_arcs;		/* bound on arcs and list entries (memory) */
	/* memory and interrupts (NULL: malloc/free, none) */
	void	   *(*alloc) (void *ctx, size_t size);
	void		(*dealloc) (void *ctx, void *p);
	void		(*interrupt) (void *ctx);
	void	   *ctx;
} mcf_input;

typedef struct mcf_result
{
	int32_t    *supplier;		/* per demand: index or MCF_NO_SUPPLIER */
	int64_t    *distance;		/* per demand: metres, -1 if none/unknown */
	uint8_t    *outcome;		/* per demand: mcf_outcome */
	int64_t		total_distance; /* over MCF_PLACED and known MCF_KEPT */
	int32_t		placed,
				kept,
				unplaced;
	/* how the certificate went */
	int32_t		rounds;			/* flows solved (1 = candidates sufficed) */
	int64_t		arcs;			/* arcs in the last flow */
	int64_t		arcs_added;		/* added by the pricing check */
} mcf_result;

typedef enum mcf_status
{
	MCF_OK = 0,
	MCF_ERR_INPUT,				/* err says which row and why */
	MCF_ERR_TOO_LARGE,			/* more arcs than max_arcs */
	MCF_ERR_NO_MEMORY
} mcf_status;

typedef struct mcf_error
{
	mcf_status	status;
	int32_t		demand;			/* row concerned, or -1 */
	int32_t		supplier;
	char		message[256];
} mcf_error;

/* Great-circle distance in metres, rounded to the nearest metre. */
int64_t		mcf_great_circle_m(double lat1, double lon1, double lat2, double lon2);

/*
 * Solve.  out's arrays are allocated with in->alloc (n_demands each) and
 * belong to the caller (free with in->dealloc or the context).  Returns
 * MCF_OK or an error (err filled, nothing in out to use).
 */
mcf_status	mcf_solve(const mcf_input *in, mcf_result *out, mcf_error *err);

#endif
