package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.function.Predicate;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use a control socket is decided by uid, never by user name (issue 19, item 4): when the
 * node runs out of file descriptors, the JDK cannot look the peer's name up and names it by its
 * uid's digits ({@code user 0} for root), and the owner must still get in.
 */
class ControlAccessTest {

    @TempDir
    Path tmp;

    private final UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();

    /** The principal SO_PEERCRED yields for {@code uid} when its name lookup fails: named by the uid's digits. */
    private UserPrincipal unnamedUser(int uid) throws Exception {
        return users.lookupPrincipalByName(Integer.toString(uid)); // no user is named by digits: the JDK takes them as the uid
    }

    private GroupPrincipal unnamedGroup(int gid) throws Exception {
        return users.lookupPrincipalByGroupName(Integer.toString(gid));
    }

    @Test
    void ownerWhoseNameCouldNotBeLookedUp_isLetIn_andAnotherUidIsNot() throws Exception {
        Path mine = Files.createFile(tmp.resolve("mine"));
        int uid = (Integer) Files.getAttribute(mine, "unix:uid");
        int gid = (Integer) Files.getAttribute(mine, "unix:gid");
        UserPrincipal owner = Files.getOwner(mine);
        UserPrincipal unnamed = unnamedUser(uid);
        assertNotEquals(owner.getName(), unnamed.getName(), "this test needs a user with a name");

        Predicate<UnixDomainPrincipal> check = ControlServer.ownerOnly(owner);

        assertTrue(check.test(new UnixDomainPrincipal(unnamed, unnamedGroup(gid))), "the owner, named " + unnamed.getName());
        assertFalse(check.test(new UnixDomainPrincipal(unnamedUser(uid + 1), unnamedGroup(gid))), "another uid");
        assertTrue(ControlDir.sameUser(unnamed, owner), "the client's check of the server");
        assertFalse(ControlDir.sameUser(unnamedUser(uid + 1), owner));
    }
}
