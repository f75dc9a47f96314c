package io.shoebox.api.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.shoebox.api.job.JobInfo;

/**
 * Policies: which sources go to which targets, when, what is taken and what is kept. A policy is
 * the factory configuration {@code shoebox.policy~<name>}, so it can be written as a file into
 * {@code config/} or through this service; both end in the same place.
 */
@ProviderType
public interface PolicyService {

    /** Factory PID of policy configurations. */
    String FACTORY_PID = "shoebox.policy";

    /** Every policy, valid or not; an invalid one carries its problems. */
    List<PolicyInfo> list();

    Optional<PolicyInfo> get(String name);

    /**
     * Creates a policy.
     *
     * @throws io.shoebox.api.admin.InvalidConfigurationException naming the first field that is
     *     wrong; nothing is stored then
     * @throws IllegalStateException when a policy of that name exists
     */
    PolicyInfo create(String name, Map<String, Object> config);

    /** Replaces a policy's settings, validated as for {@link #create}. */
    PolicyInfo update(String name, Map<String, Object> config);

    boolean delete(String name);

    /**
     * Runs a policy now, outside its schedule: one backup per source and target, then retention and
     * verification as the policy says.
     *
     * @return the backup jobs submitted
     * @throws IllegalStateException when the policy is invalid or already running
     */
    List<JobInfo> runNow(String name);
}
