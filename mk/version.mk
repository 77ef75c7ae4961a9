# The one version source of rdr: feeds rdr.control, the extension script
# name, and the RDR_VERSION define compiled into every binary.
EXTVERSION = 1.0
