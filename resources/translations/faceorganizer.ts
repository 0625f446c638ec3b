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
    <name>ErrorsDialog</name>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="130"/>
        <source>Files that could not be indexed</source>
        <extracomment>Seconds of indexing before a speed and a time left are shown (the first photos include loading the networks).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="141"/>
        <source>Scan the folders again, trying these files once more</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="106"/>
        <source>Age</source>
        <extracomment>Face hits read to find photos by expression / age / gender without people (enough for a page of results).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="115"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="118"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="128"/>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="221"/>
        <source>Pick people (named people are listed) or a kind of face.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="151"/>
        <source>Cannot read the people: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="211"/>
        <source>The age range is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="218"/>
        <source>Cannot search: {error}</source>
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
        <location filename="../../faceorganizer/gui/actions.py" line="53"/>
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
        <location filename="../../faceorganizer/gui/actions.py" line="53"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="54"/>
        <location filename="../../faceorganizer/gui/actions.py" line="56"/>
        <location filename="../../faceorganizer/gui/actions.py" line="59"/>
        <location filename="../../faceorganizer/gui/actions.py" line="62"/>
        <location filename="../../faceorganizer/gui/actions.py" line="65"/>
        <location filename="../../faceorganizer/gui/actions.py" line="71"/>
        <location filename="../../faceorganizer/gui/actions.py" line="74"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="54"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="56"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="59"/>
        <source>&amp;Find people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="62"/>
        <source>&amp;Rename person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="67"/>
        <source>&amp;Hide / unhide people</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="71"/>
        <source>Re&amp;view faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="74"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/actions.py" line="107"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="188"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/app.py" line="90"/>
        <source>Cannot open {path}:

{error}</source>
        <extracomment>Windows opened by ``open_library``: Qt keeps no parentless window alive, so Python must (until it closes). The translators&apos; files (resources/translations/faceorganizer_XX.qm, compiled from the .ts there): in the source tree only, as the installed package does not ship resources/ (pyproject.toml&apos;s package-data). The colour schemes a user may force (``gui --color-scheme``).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/app.py" line="92"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="377"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="386"/>
        <source>Open library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="42"/>
        <source>&lt;h2&gt;Welcome to faceorganizer&lt;/h2&gt;&lt;p&gt;Add a folder of photos to begin: click &lt;b&gt;Add folder…&lt;/b&gt; on the left. Faces are found in the background; you can name people as soon as they appear.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="46"/>
        <source>People</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="47"/>
        <source>All photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="48"/>
        <source>Unnamed faces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="49"/>
        <source>Find photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="50"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="54"/>
        <source>Write people&apos;s names to XMP sidecar files next to your photos (photo.jpg.xmp, next to photo.jpg), where digiKam, Lightroom and other tools read them?

Your photos themselves are never modified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="132"/>
        <source>faceorganizer — {name}</source>
        <extracomment>At most this many photos&apos; errors are listed in the message box (the rest are counted).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="151"/>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="152"/>
        <source>Remove folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="160"/>
        <source>&lt;b&gt;Folders&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="189"/>
        <source>&amp;About faceorganizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="234"/>
        <source>Cannot read the library: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="367"/>
        <source>A scan is running already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="382"/>
        <source>That library is open already</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="385"/>
        <source>{path} is not a faceorganizer library that can be opened:

{problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="393"/>
        <source>Reading names from XMP…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="400"/>
        <source>Export names to XMP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="402"/>
        <source>Writing XMP sidecars…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="421"/>
        <source>{title} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/main_window.py" line="423"/>
        <source>{title} failed:

{error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NameDelegate</name>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="62"/>
        <source>Name this person</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NamePopup</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/edit.py" line="177"/>
        <source>Delete this face</source>
        <extracomment>The rubber band and the pending (drawn, not yet stored) box: dashed yellow, unlike the solid blue stored faces.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/edit.py" line="178"/>
        <source>Delete this face you drew (Ctrl+Z takes it back)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="109"/>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="324"/>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="111"/>
        <source>Merge the selected people into one (the one with most faces keeps its name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="114"/>
        <source>Name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="115"/>
        <source>Name the selected people (F2); several selected become one person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="117"/>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="210"/>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="118"/>
        <source>Hide the selected people (strangers); show them again with &apos;Show hidden&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="120"/>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="213"/>
        <source>Show hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="210"/>
        <source>Unhide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="213"/>
        <source>Show hidden ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="283"/>
        <source>Name in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="294"/>
        <source>Merge into {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="297"/>
        <source>A new person also called {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="319"/>
        <source>Merge people</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PersonView</name>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="41"/>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="44"/>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="45"/>
        <source>Yes, these faces are this person (Ctrl+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="48"/>
        <source>Not this person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="49"/>
        <source>Take the selected faces out of this person for good (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="52"/>
        <source>Move to…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="56"/>
        <source>Name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="58"/>
        <source>Say who the selected faces are (F2): they move to the person of that name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="61"/>
        <source>Set as cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="100"/>
        <source>&lt;b&gt;This person is gone&lt;/b&gt; (merged or deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="155"/>
        <source>New person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/person_view.py" line="162"/>
        <source>Unnamed people ({count})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoBrowser</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/browser.py" line="91"/>
        <source>No photos yet: add a folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoView</name>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="44"/>
        <source>◀ Back</source>
        <extracomment>The user asked to go back to where the photo was opened from (a person, a search). A drawn box whose face was stored (box, face id): it stays pending until the reload shows the face.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="47"/>
        <source>◀ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="48"/>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="49"/>
        <source>Previous photo (Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="50"/>
        <source>Next photo (Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="66"/>
        <source>Add face</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="68"/>
        <source>Draw a box around a face the detector missed (or Shift-drag)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="103"/>
        <source>◀ Back to {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="134"/>
        <source>Cannot show this photo: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="218"/>
        <source>Not done: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="33"/>
        <source>Y yes · N no · S skip · X stranger · or type a name</source>
        <extracomment>On-screen size of the face asked about, and of each face of a person&apos;s strip. Questions ahead whose crops are made while the user answers the current one.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="34"/>
        <source>Y yes · N no · S skip · X stranger (hide) · or type a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="35"/>
        <source>type a name and Enter · S skip · X stranger (hide)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="36"/>
        <source>Y / X tuck them all away · S skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="63"/>
        <source>Type a name, Enter to store it, Esc to go back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="93"/>
        <source>Looking for questions…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="102"/>
        <source>Cannot read the library: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="119"/>
        <source>Nothing left to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="121"/>
        <source>Every face is named, answered or set aside. New photos bring new questions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="130"/>
        <source>Strangers? {count} faces seen once or too small to tell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="132"/>
        <source>Tucked away, they are never suggested again (Ctrl+Z brings them back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="134"/>
        <source>Is this {name}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="137"/>
        <source>Who is this?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="232"/>
        <source>Not {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="248"/>
        <source>Hidden as a stranger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="259"/>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="262"/>
        <source>Named {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="272"/>
        <source>Not stored: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScanStatus</name>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="177"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="257"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="180"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="210"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="216"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="181"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="183"/>
        <source>The files that could not be indexed, and a way to try them again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="208"/>
        <source>Looking for photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="219"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/scan_status.py" line="236"/>
        <source>Looking for photos: {count} found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../faceorganizer/gui/settings/store.py" line="22"/>
        <source>Read names from XMP tags (digiKam, Lightroom, Picasa) when photos are added</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="26"/>
        <source>Detection settings apply to photos scanned from now on: File &gt; Rescan folders.</source>
        <extracomment>When the settings take effect, in the user&apos;s words: photos already indexed keep their faces until rescanned.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="30"/>
        <source>SSD MobileNet v1 (accurate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="31"/>
        <source>Tiny Face Detector (fast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="49"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="61"/>
        <source>Faces closer than this to a named person are suggested as them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="64"/>
        <source>Faces closer than this (and clearly closest) are assigned without asking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="70"/>
        <source>One folder or pattern per line, e.g. /photos/private or */Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="78"/>
        <source>Photos new to the library come in named; photos already in it keep your naming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="83"/>
        <source>Face detector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="84"/>
        <source>Tiny detector input size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="85"/>
        <source>Minimum confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="86"/>
        <source>Matching threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="87"/>
        <source>Auto-assign threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="88"/>
        <source>Minimum face size (px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="89"/>
        <source>Folders to exclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../faceorganizer/gui/settings/dialog.py" line="90"/>
        <source>Threads</source>
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
</context>
</TS>
