<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="16"/>
        <source>Click &lt;b&gt;Add folder…&lt;/b&gt; (Ctrl+O) and pick a folder of photos: faces are found in the background.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="19"/>
        <source>Name a person: select them in People and press &lt;b&gt;F2&lt;/b&gt; or &lt;b&gt;Enter&lt;/b&gt;, type the name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="22"/>
        <source>Answer the app&apos;s questions about faces it is unsure of: &lt;b&gt;Review&lt;/b&gt; (Ctrl+R).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="23"/>
        <source>Made a mistake? &lt;b&gt;Ctrl+Z&lt;/b&gt; undoes it (Ctrl+Shift+Z redoes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="24"/>
        <source>A face was missed? Open the photo and &lt;b&gt;Shift-drag&lt;/b&gt; a box around it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="25"/>
        <source>New photos in your folders: File &amp;gt; Rescan folders (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="27"/>
        <source>Free software under the MIT licence. Bundled: DejaVu Sans font; built on Qt (PySide6, LGPLv3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="39"/>
        <source>Find, recognize and organize the faces in your photos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/about.py" line="50"/>
        <source>About faceorganizer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraSources</name>
    <message>
        <location filename="../../faceorganizer/gui/media/sources.py" line="95"/>
        <source>No camera found. Connect a camera, or open a video file (Open video…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/media/sources.py" line="109"/>
        <source>The camera {name} cannot be used: it may be busy in another program, or access to it was denied. ({error})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/media/sources.py" line="111"/>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/media/sources.py" line="124"/>
        <source>Access to the camera was denied. Allow faceorganizer to use the camera in the system&apos;s privacy settings, then open the camera again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/media/sources.py" line="147"/>
        <source>{path}: no such file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/media/sources.py" line="168"/>
        <source>Cannot play {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/media/sources.py" line="179"/>
        <source>Cannot play {path}: not a video Qt can read</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraWindow</name>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="42"/>
        <source>Videos (*.mp4 *.mkv *.webm *.avi *.mov *.m4v *.mpg *.ogv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="86"/>
        <source>faceorganizer — Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="91"/>
        <source>The camera to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="92"/>
        <source>Open video…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="93"/>
        <source>Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="94"/>
        <source>Save the frame on show as a photo in a folder you choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="99"/>
        <source>Camera:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="138"/>
        <source>No library: faces show as Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="145"/>
        <source>Cannot read the library&apos;s people: faces show as Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="149"/>
        <source>No named people in the library yet: faces show as Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="152"/>
        <source>Named people in the library: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="162"/>
        <source>Camera and video support is not available: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="169"/>
        <source>No camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="191"/>
        <source>Open video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="215"/>
        <source>Starting {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="216"/>
        <source>faceorganizer — Camera — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="235"/>
        <source>The video ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="264"/>
        <source>Analysis: {fps:.1f} frames/s · video {video:.1f} frames/s · dropped {dropped} · faces {faces}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="276"/>
        <source>Save snapshots in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="285"/>
        <source>Cannot save the snapshot: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/camera/window.py" line="287"/>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmBadgeDelegate</name>
    <message>
        <location filename="../../faceorganizer/gui/people/person_model.py" line="23"/>
        <source>✓ Confirm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictsButton</name>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="249"/>
        <source>Faces that XMP sidecars name otherwise than you did</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="255"/>
        <source>Sidecar conflicts (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="52"/>
        <source>Sidecar conflicts</source>
        <extracomment>The crops&apos; side as shown, in logical pixels.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="59"/>
        <source>Another program named these faces in their photos&apos; XMP sidecars otherwise than you named them here. Your names were kept; choose which name each face should have.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="71"/>
        <source>&amp;Keep my name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="72"/>
        <source>Leave the selected faces as you named them (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="73"/>
        <source>&amp;Use the sidecar&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="74"/>
        <source>Move the selected faces to the person the sidecar names (undoable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="75"/>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="126"/>
        <source>In the sidecar: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="127"/>
        <source>Here: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="127"/>
        <source>an unnamed person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="208"/>
        <source>Cannot use the sidecar&apos;s name: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message>
        <location filename="../../faceorganizer/gui/display.py" line="45"/>
        <source>cannot start the desktop app: no display (DISPLAY / WAYLAND_DISPLAY unset). Run it in a desktop session, or use the command-line tools (faceorganizer --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/display.py" line="69"/>
        <source>On Debian/Ubuntu: sudo apt-get install {packages}.</source>
        <extracomment>The translators&apos; context of these messages. They are said before Qt starts, so before any translation is installed: they show as written, in English (the source texts are English as it is to be read).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/display.py" line="72"/>
        <source>cannot start the desktop app: Qt&apos;s X11 plugin needs system libraries that are missing: {libraries}.{hint} The command-line tools work without them (faceorganizer --help).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorsDialog</name>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="128"/>
        <source>Files that could not be indexed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="130"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="130"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="138"/>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="139"/>
        <source>Scan the folders again, trying these files once more</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="144"/>
        <source>%n file(s) could not be indexed:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="32"/>
        <source>All of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="32"/>
        <source>Any of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="33"/>
        <source>Only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="36"/>
        <source>Neutral</source>
        <extracomment>The library&apos;s expression and gender names (face-api.js&apos;s classes) as the filters show them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="37"/>
        <source>Happy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="38"/>
        <source>Sad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="39"/>
        <source>Angry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="40"/>
        <source>Fearful</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="41"/>
        <source>Disgusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="42"/>
        <source>Surprised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="43"/>
        <source>Male</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="44"/>
        <source>Female</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="113"/>
        <source>Any expression</source>
        <extracomment>Face hits read to find photos by expression / age / gender without people (enough for a page of results).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="117"/>
        <source>Any gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="120"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="129"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="132"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="136"/>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="137"/>
        <source>Photos with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="138"/>
        <source>A face that is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="142"/>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="235"/>
        <source>Pick people (named people are listed) or a kind of face.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="165"/>
        <source>Cannot read the people: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="225"/>
        <source>The age range is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="232"/>
        <source>Cannot search: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="239"/>
        <source>No photo matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="241"/>
        <source>%n+ photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="243"/>
        <source>%n photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LiveCanvas</name>
    <message>
        <location filename="../../faceorganizer/gui/camera/canvas.py" line="78"/>
        <source>No picture yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveTexts</name>
    <message>
        <location filename="../../faceorganizer/gui/camera/canvas.py" line="24"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="27"/>
        <location filename="../../faceorganizer/gui/actions.py" line="33"/>
        <location filename="../../faceorganizer/gui/actions.py" line="39"/>
        <location filename="../../faceorganizer/gui/actions.py" line="42"/>
        <location filename="../../faceorganizer/gui/actions.py" line="48"/>
        <location filename="../../faceorganizer/gui/actions.py" line="54"/>
        <location filename="../../faceorganizer/gui/actions.py" line="57"/>
        <location filename="../../faceorganizer/gui/actions.py" line="62"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="29"/>
        <source>&amp;Open library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="35"/>
        <source>&amp;Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="39"/>
        <source>&amp;Rescan folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="44"/>
        <source>&amp;Import names from XMP…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="50"/>
        <source>&amp;Export names to XMP…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="54"/>
        <source>&amp;Camera…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="59"/>
        <source>Open &amp;video…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="62"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="63"/>
        <location filename="../../faceorganizer/gui/actions.py" line="65"/>
        <location filename="../../faceorganizer/gui/actions.py" line="68"/>
        <location filename="../../faceorganizer/gui/actions.py" line="71"/>
        <location filename="../../faceorganizer/gui/actions.py" line="74"/>
        <location filename="../../faceorganizer/gui/actions.py" line="80"/>
        <location filename="../../faceorganizer/gui/actions.py" line="83"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="63"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="65"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="68"/>
        <source>&amp;Find people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="71"/>
        <source>&amp;Rename person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="76"/>
        <source>&amp;Hide / unhide people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="80"/>
        <source>Re&amp;view faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="83"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="116"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="201"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/app.py" line="75"/>
        <source>Cannot open {path}:

{error}</source>
        <extracomment>Windows opened by ``open_library``: Qt keeps no parentless window alive, so Python must (until it closes). The colour schemes a user may force (``gui --color-scheme``).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/app.py" line="77"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="395"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="404"/>
        <source>Open library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="52"/>
        <source>&lt;h2&gt;Welcome to faceorganizer&lt;/h2&gt;&lt;p&gt;Add a folder of photos to begin: click &lt;b&gt;Add folder…&lt;/b&gt; on the left. Faces are found in the background; you can name people as soon as they appear.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="56"/>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="57"/>
        <source>All photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="58"/>
        <source>Unnamed faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="59"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="208"/>
        <source>Find photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="60"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="64"/>
        <source>faceorganizer library (*.sqlite);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="65"/>
        <source>Write people&apos;s names to XMP sidecar files next to your photos (photo.jpg.xmp, next to photo.jpg), where digiKam, Lightroom and other tools read them?

Your photos themselves are never modified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="139"/>
        <source>faceorganizer — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="158"/>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="159"/>
        <source>Remove folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="167"/>
        <source>&lt;b&gt;Folders&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="202"/>
        <source>&amp;About faceorganizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="250"/>
        <source>Cannot read the library: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="362"/>
        <source>Unnamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="377"/>
        <source>Add a folder of photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="385"/>
        <source>A scan is running already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="400"/>
        <source>That library is open already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="403"/>
        <source>{path} is not a faceorganizer library that can be opened:

{problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="412"/>
        <source>Reading names from XMP…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="413"/>
        <source>%n photo(s) could not be read</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="419"/>
        <source>Export names to XMP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="421"/>
        <source>Writing XMP sidecars…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="422"/>
        <source>%n photo(s) got no sidecar</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="444"/>
        <source>{title} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="446"/>
        <source>{title} failed:

{error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindowTexts</name>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="85"/>
        <source>the file is empty</source>
        <extracomment>At most this many photos&apos; errors are listed in the message box (the rest are counted).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="97"/>
        <source>Read names from XMP: no photo has names tagged in XMP</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="98"/>
        <source>%n face(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="99"/>
        <source>{faces} named in %n photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="101"/>
        <source>%n new person(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="103"/>
        <source>%n named already</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="105"/>
        <source>%n left as you decided</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="107"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="117"/>
        <source>%n error(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="108"/>
        <source>Read names from XMP: {parts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="113"/>
        <source>Wrote %n XMP sidecar(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="115"/>
        <source>%n photo(s) with no names to write</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="125"/>
        <source>… and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NameDelegate</name>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="65"/>
        <source>Name this person</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NamePopup</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/edit.py" line="172"/>
        <source>Name</source>
        <extracomment>The rubber band and the pending (drawn, not yet stored) box: dashed yellow, unlike the solid blue stored faces.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/edit.py" line="179"/>
        <source>Delete this face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/edit.py" line="180"/>
        <source>Delete this face you drew (Ctrl+Z takes it back)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverlayTexts</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/overlay.py" line="48"/>
        <source>Unnamed</source>
        <extracomment>Index ranges of the 68-point contours (jaw, brows, nose bridge, lower nose, eyes, mouth) and closed ones.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/overlay.py" line="49"/>
        <source>{name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/camera/canvas.py" line="34"/>
        <location filename="../../faceorganizer/gui/photos/overlay.py" line="59"/>
        <source>%n year(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_model.py" line="107"/>
        <source>{name} (hidden)</source>
        <extracomment>setData role: the name given makes another person of that name, not a merge into the one called so.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_model.py" line="108"/>
        <source>%n face(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_model.py" line="114"/>
        <source>{name}: %n face(s) (F2 to rename)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleTexts</name>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="270"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="290"/>
        <source>Merge these %n people into {name} (their faces become {name}&apos;s), or keep them apart as another person also called {name}? Ctrl+Z undoes either.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="314"/>
        <source>Merge %n people into {name}?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="315"/>
        <source>All %n face(s) become {name}&apos;s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="318"/>
        <source>{names} will be gone.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="320"/>
        <source>Merge these %n unnamed people into one person?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="321"/>
        <source>Their %n face(s) will be one unnamed person; name them afterwards.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="109"/>
        <source>Search people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="112"/>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="328"/>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="114"/>
        <source>Merge the selected people into one (the one with most faces keeps its name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="117"/>
        <source>Name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="118"/>
        <source>Name the selected people (F2); several selected become one person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="120"/>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="213"/>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="121"/>
        <source>Hide the selected people (strangers); show them again with &apos;Show hidden&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="123"/>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="216"/>
        <source>Show hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="213"/>
        <source>Unhide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="216"/>
        <source>Show hidden ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="240"/>
        <source>Name these %n people</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="286"/>
        <source>Name in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="297"/>
        <source>Merge into {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="300"/>
        <source>A new person also called {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="323"/>
        <source>Merge people</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PersonFacesModel</name>
    <message>
        <location filename="../../faceorganizer/gui/people/person_model.py" line="88"/>
        <source>suggested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_model.py" line="93"/>
        <source>, distance {distance}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PersonTexts</name>
    <message>
        <location filename="../../faceorganizer/gui/services.py" line="41"/>
        <source>Unnamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/services.py" line="46"/>
        <source>Unnamed #{id} · %n face(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PersonView</name>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="43"/>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="46"/>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="47"/>
        <source>Yes, these faces are this person (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="50"/>
        <source>Not this person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="51"/>
        <source>Take the selected faces out of this person for good (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="54"/>
        <source>Move to…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="58"/>
        <source>Name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="60"/>
        <source>Say who the selected faces are (F2): they move to the person of that name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="63"/>
        <source>Set as cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="106"/>
        <source>&lt;b&gt;This person is gone&lt;/b&gt; (merged or deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/person_view.py" line="109"/>
        <source>%n suggested</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/person_view.py" line="110"/>
        <source>&lt;b&gt;{name}&lt;/b&gt; — %n face(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="110"/>
        <source>Unnamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/person_view.py" line="150"/>
        <source>Who are these %n faces?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="161"/>
        <source>New person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="168"/>
        <source>Unnamed people ({count})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoBrowser</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/browser.py" line="26"/>
        <source>No date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/browser.py" line="41"/>
        <source>By month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/browser.py" line="42"/>
        <source>By folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/browser.py" line="93"/>
        <source>No photos yet: add a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/browser.py" line="116"/>
        <source>&lt;b&gt;{group}&lt;/b&gt; — %n photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoCanvas</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/canvas.py" line="87"/>
        <source>No photo</source>
        <extracomment>A track&apos;s span runs from its first to its last sampled frame; the face was on screen until about half a sampling step (the indexer&apos;s regular 2 samples a second) either side of them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoView</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="55"/>
        <source>◀ Back</source>
        <extracomment>The user asked to go back to where the photo was opened from (a person, a search). A drawn box whose face was stored (box, face id): it stays pending until the reload shows the face.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="58"/>
        <source>◀ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="59"/>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="60"/>
        <source>Previous photo (Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="61"/>
        <source>Next photo (Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="71"/>
        <source>Boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="71"/>
        <source>Names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="71"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="72"/>
        <source>Landmarks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="79"/>
        <source>Add face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="81"/>
        <source>Draw a box around a face the detector missed (or Shift-drag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="84"/>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="233"/>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="260"/>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="85"/>
        <source>Play the video from this frame (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="129"/>
        <source>◀ Back to {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="173"/>
        <source>Cannot show this photo: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="190"/>
        <source>{at} of {count} · {context}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="195"/>
        <source>{path}  —  %n face(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="207"/>
        <source>copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="207"/>
        <source>RAW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="207"/>
        <source>Live Photo movie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="210"/>
        <source>{file} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="215"/>
        <source>Also: {files}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="223"/>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="251"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="241"/>
        <source>Cannot play videos here: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="298"/>
        <source>Who is this?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="307"/>
        <source>New face: who is it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="348"/>
        <source>Not done: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QCoreApplication.PeopleTexts</name>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="287"/>
        <source>{name} already exists.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="32"/>
        <source>Y yes · N no · S skip · X stranger · or type a name</source>
        <extracomment>On-screen size of the face asked about, and of each face of a person&apos;s strip. Questions ahead whose crops are made while the user answers the current one.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="33"/>
        <source>Y yes · N no · S skip · X stranger (hide) · or type a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="34"/>
        <source>type a name and Enter · S skip · X stranger (hide)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="35"/>
        <source>Y / X tuck them all away · S skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="62"/>
        <source>Type a name, Enter to store it, Esc to go back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="91"/>
        <source>Looking for questions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="100"/>
        <source>Cannot read the library: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="117"/>
        <source>Nothing left to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="119"/>
        <source>Every face is named, answered or set aside. New photos bring new questions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="123"/>
        <source>%n skipped: asked again when you open Review next time.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="129"/>
        <source>Strangers? %n face(s) seen once or too small to tell</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="130"/>
        <source>Tucked away, they are never suggested again (Ctrl+Z brings them back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="132"/>
        <source>Is this {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="134"/>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="138"/>
        <source>%n face(s) of someone unnamed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="137"/>
        <source>Who is this?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="140"/>
        <source>{at} of {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="142"/>
        <source>%n skipped</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="223"/>
        <source>{name}: yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="226"/>
        <source>%n face(s) are {name}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="237"/>
        <source>Not {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="253"/>
        <source>Hidden as a stranger</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="256"/>
        <source>%n face(s) tucked away</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="264"/>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="267"/>
        <source>Named {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="277"/>
        <source>Not stored: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanStatus</name>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="175"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="259"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="178"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="208"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="214"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="179"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="181"/>
        <source>The files that could not be indexed, and a way to try them again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="206"/>
        <source>Looking for photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="217"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="230"/>
        <source>{rate} photos/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="235"/>
        <source>Looking for photos: {count} found</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="239"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="251"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="275"/>
        <source>%n error(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="241"/>
        <source>Indexing {done}/{total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="242"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="249"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="274"/>
        <source>%n face(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="247"/>
        <source>Indexing stopped: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="249"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="274"/>
        <source>%n photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="252"/>
        <source>Indexing cancelled: {counts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="252"/>
        <source>Indexed: {counts}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="272"/>
        <source>Indexed %n new photo(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanTexts</name>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="41"/>
        <source>less than a minute left</source>
        <extracomment>Seconds of indexing before a speed and a time left are shown (the first photos include loading the networks).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="44"/>
        <source>about %n min left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="45"/>
        <source>about {hours} h {minutes} min left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="51"/>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../faceorganizer/gui/settings/store.py" line="22"/>
        <source>Find small faces (group photos, crowds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/store.py" line="24"/>
        <source>Read names from XMP tags (digiKam, Lightroom, Picasa) when photos are added</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="27"/>
        <source>Detection settings apply to photos scanned from now on: File &gt; Rescan folders.</source>
        <extracomment>When the settings take effect, in the user&apos;s words: photos already indexed keep their faces until rescanned.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="31"/>
        <source>Looks at large photos tile by tile, so faces down to about 40 pixels in a 12-megapixel photo are found (97% of them in our tests, against 1% without). Off by default: scanning takes 4 to 5 times as long on photos with many faces, and about 10 times on photos with only a few large ones. Works with SSD MobileNet v1.</source>
        <extracomment>What the small-face mode does and costs, measured by benchmarks/bench_small_faces.py (README, &quot;Small faces&quot;).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="39"/>
        <source>SSD MobileNet v1 (accurate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="40"/>
        <source>Tiny Face Detector (fast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="41"/>
        <source>TinyYolov2 (face-api.js legacy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="42"/>
        <source>MTCNN (face-api.js legacy, faces from 20 px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="60"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="76"/>
        <source>Faces closer than this to a named person are suggested as them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="79"/>
        <source>Faces closer than this (and clearly closest) are assigned without asking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="85"/>
        <source>One folder or pattern per line, e.g. /photos/private or */Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="93"/>
        <source>Photos new to the library come in named; photos already in it keep your naming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="98"/>
        <source>Face detector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="99"/>
        <source>Tiny detector input size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="102"/>
        <source>Minimum confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="103"/>
        <source>Matching threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="104"/>
        <source>Auto-assign threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="105"/>
        <source>Minimum face size (px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="106"/>
        <source>Folders to exclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="107"/>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sidecars</name>
    <message>
        <location filename="../../faceorganizer/gui/watching.py" line="67"/>
        <source>{file}: its XMP sidecar names a face “{there}” that you named “{here}”; your name is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/watching.py" line="72"/>
        <source>{file}: its XMP sidecar names a face “{there}” that you named “{here}”; your name is kept (%n conflict(s) in all)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/watching.py" line="79"/>
        <source>Names read from XMP sidecars another program changed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UndoBar</name>
    <message>
        <location filename="../../faceorganizer/gui/people/undo_bar.py" line="27"/>
        <location filename="../../faceorganizer/gui/people/undo_bar.py" line="53"/>
        <source>Undo</source>
        <extracomment>How long the confirmation stays (ms).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/undo_bar.py" line="70"/>
        <source>Cannot redo: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/undo_bar.py" line="70"/>
        <source>Cannot undo: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/undo_bar.py" line="74"/>
        <source>Redone: {action}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/undo_bar.py" line="74"/>
        <source>Undone: {action}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnnamedView</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/unnamed_view.py" line="53"/>
        <source>%n face(s) nobody named yet</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/unnamed_view.py" line="53"/>
        <source>Every face has a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/unnamed_view.py" line="56"/>
        <source>Unnamed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
