/*-------------------------------------------------------------------------
 *
 * probe_iscsi.h
 *	  iSCSI probing in user space with libiscsi; the API is in probe.h
 *	  (rdr_probe_iscsi).  This header only exists so that the module has
 *	  one, as every module does.
 *
 *-------------------------------------------------------------------------
 */
#ifndef RDR_PROBE_ISCSI_H
#define RDR_PROBE_ISCSI_H

#include "probe.h"

/* The initiator name rdr uses when the configuration gives none. */
#define RDR_DEFAULT_INITIATOR "iqn.2011-11.rdr.example:probe"

#endif							/* RDR_PROBE_ISCSI_H */
