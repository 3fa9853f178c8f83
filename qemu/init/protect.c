// SPDX-License-Identifier: GPL-2.0
/*
 * ckmode=protect: a loaded crash kernel leaves the linear map and comes
 * back on unload (CK-PROTECT PASS/FAIL).
 */
#include "init.h"

/*
 * A loaded crash kernel is protected: its segments are removed from the
 * linear map (arch_kexec_protect_crashkres()), and put back on unload.
 * Check that loading adds at least the Image's size of holes to the linear
 * map and that unloading takes exactly those away again.
 */
void protect(void)
{
	struct linear before, loaded, unloaded;
	unsigned long long image_kb;
	struct stat st;

	if (stat("/kdump/Image", &st) || scan_linear(&before))
		fail("CK-PROTECT", "needs /kdump/Image and debugfs");
	image_kb = st.st_size >> 10;
	load_crash_kernel("CK-PROTECT");
	scan_linear(&loaded);
	unload_crash_kernel("CK-PROTECT");
	if (read_num("/sys/kernel/kexec_crash_loaded") != 0)
		fail("CK-PROTECT", "kexec_crash_loaded is not 0 after unloading");
	scan_linear(&unloaded);
	if (loaded.holes < before.holes + image_kb)
		fail("CK-PROTECT", "loading unmapped %llu kB, less than the %llu kB Image",
		     loaded.holes - before.holes, image_kb);
	if (unloaded.holes != before.holes)
		fail("CK-PROTECT", "after unloading %lld kB stay unmapped",
		     (long long)(unloaded.holes - before.holes));
	printf("CK-PROTECT PASS: %s: loading unmapped %llu kB (Image %llu kB), "
	       "unloading mapped them again\n", load_name(),
	       loaded.holes - before.holes, image_kb);
}
